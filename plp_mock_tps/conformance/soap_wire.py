"""The TPS's operations over the legacy SOAP service, 1.1 (php SoapClient default shape) or 1.2
(SoapClient SOAP_1_2), with the envelopes of plp_mock_tps.soap and the documents of
plp_mock_tps.documents; results read as real clients read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from lxml import etree

from plp_mock_tps import documents as doc
from plp_mock_tps.conformance import shapes
from plp_mock_tps.conformance.wire import (
    Answer,
    CancellationResponse,
    GarbledError,
    GateReport,
    Goods,
    Line,
    LostError,
    Response,
    Submission,
    UnavailableError,
    WireError,
    retry_after,
)
from plp_mock_tps.connection import Connection
from plp_mock_tps.soap import FLAVOURS, PATH, TNS, envelope
from plp_mock_tps.soap import _headers as headers_of

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
NOT_FOUND = "tidak ditemukan"


class SoapWire:
    def __init__(self, connection: Connection, account: str, tps: str, soap12: bool) -> None:
        self.connection, self.account, self.tps = connection, account, tps
        self.protocol = "soap12" if soap12 else "soap11"
        self._flavour = FLAVOURS["php12" if soap12 else "php11"]

    def call(self, operation: str, params: list[tuple[str, str]], timeout: float = 30.0) -> str:
        body = envelope(self._flavour, operation, params).encode()
        try:
            r = self.connection.http.post(
                PATH, content=body, headers=headers_of(self._flavour, operation), timeout=timeout
            )
        except httpx.TransportError as exc:  # timeouts, resets, a reply cut off mid-way
            raise LostError(f"{operation}: {type(exc).__name__}") from exc
        if r.status_code == 503:
            raise UnavailableError(f"{operation}: 503", retry_after(r))
        if r.status_code != 200:
            raise WireError(f"{operation}: HTTP {r.status_code} {r.text[:200]}")
        return result_text(r.content, operation)

    def _auth(self, user: str = "Username") -> list[tuple[str, str]]:
        return [(user, self.account), ("Password", self.connection.password(self.account))]

    def submit(self, plp: Submission, timeout: float = 30.0) -> Answer:
        fstream = doc.loadplp(shapes.request_body(plp))
        text = self.call("UploadMohonPLP", [("fStream", fstream), *self._auth()], timeout)
        return _answer(doc.upload_result(text))

    def poll(self, ref_number: str | None = None) -> list[Response]:
        text = self.call("GetResponPLP", [*self._auth("UserName"), ("Kd_asp", self.tps)])
        return responses(text)

    def on_demand(self, ref_number: str, gudang: str) -> Response | None:
        params = [*self._auth("UserName"), ("No_plp", ""), ("Tgl_plp", "")]
        params += [("KdGudang", gudang), ("RefNumber", ref_number)]
        found = responses(self.call("GetResponPlp_onDemands", params))
        return found[0] if found else None

    def poll_destination(self) -> list[Response]:
        text = self.call("GetResponPLP_Tujuan", [*self._auth("UserName"), ("Kd_asp", self.tps)])
        return responses(text)

    def cancel(self, goods: Goods, plp: Response, ref_number: str) -> Answer:
        view = shapes.request_view(goods, plp)
        fstream = doc.batalplp(view, ref_number, "SALAH INPUT GUDANG TUJUAN")
        return _answer(
            doc.upload_result(self.call("UploadBatalPLP", [("fStream", fstream), *self._auth()]))
        )

    def poll_cancellation(self, ref_number: str | None = None) -> list[CancellationResponse]:
        text = self.call("GetResponBatalPLP", [*self._auth(), ("Kd_asp", self.tps)])
        return cancellations(text)

    def gate(self, report: GateReport) -> Answer:
        seals = {c: list(n) for c, n in report.seals.items()}
        # no carrier seal (NO_SEGEL): the scenario gives only the customs seals
        view = shapes.report_view(report)
        fstream, _ = doc.coarri(view, report.gate_in, report.ref_number, report.at, seals, "")
        text = self.call("CoarriCodeco_Container", [("fStream", fstream), *self._auth()])
        return _answer(doc.gate_result(text))

    def notify_out_of_hours(self, plp: Response, start: datetime, end: datetime) -> Answer:
        raise NotImplementedError("the SOAP service has no out-of-hours notice (H1)")

    def change_password(self, new: str) -> Answer:
        params = [*self._auth("UserName"), ("PasswordBaru", new), ("PasswordKonfirmasi", new)]
        text = self.call("GantiPassword", params)
        return Answer("berhasil" in text.lower(), (), text[:300])

    def close(self) -> None:
        pass


def result_text(content: bytes, operation: str) -> str:
    """The <OpResult> string; a reply that is not a whole envelope is garbled."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise GarbledError(f"{operation}: the reply is not well-formed ({exc})") from exc
    found = root.find(f".//{{{TNS}}}{operation}Result")
    if found is None:
        raise GarbledError(f"{operation}: no {operation}Result in the reply")
    return found.text or ""


def _document(text: str) -> Any:
    if NOT_FOUND in text.lower()[:80]:
        return None
    body = text.split("?>", 1)[1] if text.lstrip().startswith("<?xml") else text
    try:
        return etree.fromstring(body.strip().encode(), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise GarbledError(f"the response document is not well-formed ({exc})") from exc


def responses(text: str) -> list[Response]:
    """Every RESPONPLP of a poll or on-demand answer; none for `Data tidak ditemukan`."""
    root = _document(text)
    if root is None:
        return []
    found = []
    for respon in root.iter("RESPONPLP"):
        head = _header(respon)
        lines = tuple(
            Line(c.findtext("NO_CONT", ""), c.findtext("UK_CONT", ""), _approved(c))
            for c in respon.iter("CONT")
        )
        found.append(
            Response(
                head.get("REF_NUMBER", ""),
                head.get("NO_PLP", ""),
                shapes.parse_date(head.get("TGL_PLP")),
                lines,
                head.get("ALASAN_REJECT", ""),
            )
        )
    return found


def _header(respon: Any) -> dict[str, str]:
    header = respon.find("HEADER")
    return {} if header is None else {el.tag: (el.text or "").strip() for el in header}


def _approved(line: Any) -> bool:
    """FL_SETUJU Y/T; a destination's lines carry none: they are the approved ones."""
    flag = line.findtext("FL_SETUJU")
    return flag is None or flag.strip().upper() == "Y"


def cancellations(text: str) -> list[CancellationResponse]:
    root = _document(text)
    if root is None:
        return []
    found = []
    for respon in [*root.iter("RESPON_BATAL"), *root.iter("RESPONPLP")]:
        head = _header(respon)
        flags = [(c.findtext("FL_SETUJU") or "").strip().upper() for c in respon.iter("CONT")]
        approved = bool(flags) and all(f == "Y" for f in flags)
        found.append(
            CancellationResponse(head.get("REF_NUMBER", ""), head.get("NO_BATAL_PLP", ""), approved)
        )
    return found


def _answer(result: doc.SoapResult) -> Answer:
    return Answer(result.accepted, tuple(result.codes or result.rules), result.text[:300])
