"""The TPS's operations over DJBC's H2H REST surface (openapi-tpsonline): a login with the
account's password and beacukai-api-key, JSON bodies in the note's shapes, dates dd-MM-yyyy.
Success is read from the envelope's `code`, never from the HTTP status alone (an H2H error can
come back as HTTP 200), and a 401 logs in again once (token lifetimes vary)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import httpx

from plp_mock_tps.conformance import shapes
from plp_mock_tps.conformance.h2h_bodies import batal, coarri, permohonan
from plp_mock_tps.conformance.wire import (
    SESSION_SETTLE_SECONDS,
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

BASE = "/h2h/v1/openapi-tpsonline"
AUTH = "/h2h/v1/openapi-auth/user"
DUPLICATE = "sudah pernah digunakan"


class H2hWire:
    protocol = "h2h"

    def __init__(self, connection: Connection, account: str, tps: str, api_key: str) -> None:
        self.connection, self.account, self.tps, self.api_key = connection, account, tps, api_key
        self._token: str | None = None

    def login(self) -> str:
        body = {"username": self.account, "password": self.connection.password(self.account)}
        r = self._send("POST", f"{AUTH}/login", json=body)
        item = _json(r).get("item") if r.status_code == 200 else None
        if not isinstance(item, dict) or "access_token" not in item:
            raise WireError(f"H2H login refused: {r.status_code} {r.text[:200]}")
        self._token = str(item["access_token"])
        return self._token

    def call(self, method: str, path: str, timeout: float = 30.0, **kw: Any) -> dict[str, Any]:
        for attempt in range(3):
            token = self._token or self.login()
            headers = {"Authorization": f"Bearer {token}", "beacukai-api-key": self.api_key}
            r = self._send(method, BASE + path, headers=headers, timeout=timeout, **kw)
            body = _json(r)
            if (r.status_code == 401 or body.get("code") == 401) and attempt < 2:
                self._token = None  # expired: log in again (a second time a moment later)
                if attempt:
                    time.sleep(SESSION_SETTLE_SECONDS)
                continue
            if _manual(body):
                return body  # F2: a refusal to act on, not an outage to wait out
            if r.status_code == 503 or body.get("code") == 503:
                raise UnavailableError(f"{path}: 503", retry_after(r))
            return body
        raise WireError(f"{path}: refused after a fresh login")

    def _send(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            return self.connection.http.request(method, path, **kw)
        except httpx.TransportError as exc:
            raise LostError(f"{path}: {type(exc).__name__}") from exc

    def submit(self, plp: Submission, timeout: float = 30.0) -> Answer:
        return _upload(self.call("POST", "/upload-mohon-plp", timeout, json=permohonan(plp)))

    def poll(self, ref_number: str | None = None) -> list[Response]:
        body = self.call("GET", "/get-respon-plp", params={"kodeTps": self.tps})
        return [_response(i) for i in _items(body, "responPlp")]

    def on_demand(self, ref_number: str, gudang: str) -> Response | None:
        query = {"nomorReference": ref_number, "kodeGudang": gudang}
        found = _items(self.call("GET", "/get-respon-plp-on-demand", params=query), None)
        return _response(found[0]) if found else None

    def poll_destination(self) -> list[Response]:
        body = self.call("GET", "/get-respon-plp-tujuan", params={"kodeTps": self.tps})
        return [_response(i) for i in _items(body, "responPlp")]

    def cancel(self, goods: Goods, plp: Response, ref_number: str) -> Answer:
        return _upload(self.call("POST", "/upload-batal-plp", json=batal(goods, plp, ref_number)))

    def poll_cancellation(self, ref_number: str | None = None) -> list[CancellationResponse]:
        found = _items(self.call("GET", "/get-respon-batal-plp"), "responBatal")
        return [
            CancellationResponse(
                str(i["header"].get("referensiNomor") or i["header"].get("refNumber") or ""),
                str(i["header"].get("nomorBatalPlp") or ""),
                all(_flag(k.get("flagSetuju")) for k in _lines(i)) and bool(_lines(i)),
            )
            for i in found
        ]

    def gate(self, report: GateReport) -> Answer:
        return _upload(self.call("POST", "/coarri-codeco-container", json=coarri(report)))

    def notify_out_of_hours(self, plp: Response, start: datetime, end: datetime) -> Answer:
        raise NotImplementedError("DJBC's H2H surface has no out-of-hours notice (H1)")

    def change_password(self, new: str) -> Answer:
        """The simulator's twin of SOAP's GantiPassword (DJBC's note has none); every token
        of the account ends with it."""
        body = {
            "username": self.account,
            "password": self.connection.password(self.account),
            "passwordBaru": new,
            "passwordKonfirmasi": new,
        }
        r = self._send("POST", f"{AUTH}/ganti-password", json=body)
        data = _json(r)
        ok = r.status_code == 200 and data.get("status") == "success"
        self._token = None
        return Answer(ok, (), str(data.get("message") or data.get("detail") or r.text)[:300])

    def close(self) -> None:
        pass


def _upload(body: dict[str, Any]) -> Answer:
    """Accepted: code 201 and the refNumber back; a reused reference is the resend of an
    upload that was stored (the note's duplicate answer)."""
    detail = str(body.get("detail") or "")
    if _manual(body):
        return Answer(False, ("F2",), detail[:300])
    if body.get("code") == 201 and isinstance(body.get("data"), dict):
        return Answer(True, (), detail)
    if DUPLICATE in detail:
        return Answer(True, ("duplicate",), detail)
    data = body.get("data")
    errors = data.get("errors", []) if isinstance(data, dict) else []
    rules = tuple(str(e["rule"]) for e in errors if isinstance(e, dict) and e.get("rule"))
    return Answer(False, rules or (str(body.get("code")),), detail[:300])


def _manual(body: dict[str, Any]) -> bool:
    """F2: the office works on the manual procedure (answered 503 with the rule named)."""
    return str(body.get("detail") or "").startswith("F2")


def _items(body: dict[str, Any], key: str | None) -> list[dict[str, Any]]:
    data = body.get("data")
    if data is None:
        return []
    found = data.get(key) if key and isinstance(data, dict) else data
    if not isinstance(found, list):
        raise GarbledError(f"no {key or 'list'} in the answer's data")
    return [i for i in found if isinstance(i, dict)]


def _lines(item: dict[str, Any]) -> list[dict[str, Any]]:
    detil = item.get("detil")
    holder: dict[str, Any] = detil if isinstance(detil, dict) else item
    return list(holder.get("kontainer") or [])


def _flag(value: Any) -> bool:
    return value is True or str(value).upper() in ("Y", "TRUE")


def _response(item: dict[str, Any]) -> Response:
    h = item["header"]
    lines = tuple(
        Line(
            str(k.get("nomorKontainer", "")),
            str(k.get("ukuranKontainer", "")),
            "flagSetuju" not in k or _flag(k["flagSetuju"]),
        )
        for k in _lines(item)
    )
    return Response(
        str(h.get("refNumber") or h.get("nomorReference") or ""),
        str(h.get("nomorPlp") or ""),
        shapes.parse_date(h.get("tanggalPlp")),
        lines,
        str(h.get("alasanReject") or ""),
    )


def _json(r: httpx.Response) -> dict[str, Any]:
    try:
        body = r.json()
    except ValueError as exc:
        if r.status_code in (503, 401):
            return {}
        raise GarbledError(f"the reply is not JSON ({exc})") from exc
    if not isinstance(body, dict):
        raise GarbledError("the reply is not a JSON object")
    return body
