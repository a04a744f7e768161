"""The TPS's operations over the simulator's REST API (/api/v1): the request filed as JSON; its
response polled from the TPS's list of requests, filtered to the decided ones of the reference
awaited (the list is the REST poll, empty until the decision), then read in full by id (the
REST on-demand); gate reports as CoarriCodeco's REST twin (/gate-reports); the H1 notice on
the request; the password changed for the account."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import httpx

from plp_mock_tps.conformance import shapes
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

REQUESTS = "/api/v1/plp-requests"
GATE_REPORTS = "/api/v1/gate-reports"
DECIDED = (  # every status after the Kasubsi's decision (or a refusal on arrival)
    "REJECTED", "APPROVED", "RELEASE_REFUSED", "RELEASED", "GATED_OUT", "DISCREPANCY",
    "ENTERED", "HELD", "GATED_IN", "CANCELLED",
)  # fmt: skip
MOVING_IN = ("APPROVED", "RELEASED", "GATED_OUT", "ENTERED")
PDF = b"%PDF-1.4\n% conformance pack: a statement\n%%EOF\n"


class RestWire:
    protocol = "rest"

    def __init__(self, connection: Connection, account: str, tps: str) -> None:
        self.connection, self.account, self.tps = connection, account, tps
        self._ids: dict[str, str] = {}  # REF_NUMBER -> request id
        self._cancelled: dict[str, str] = {}  # a cancellation's REF_NUMBER -> the request's

    def call(self, method: str, path: str, timeout: float = 30.0, **kw: Any) -> httpx.Response:
        try:
            r = self.connection.call(method, path, self.account, timeout=timeout, **kw)
            if r.status_code == 401:  # just after a password change (wire.py says why)
                time.sleep(SESSION_SETTLE_SECONDS)
                r = self.connection.call(method, path, self.account, timeout=timeout, **kw)
        except httpx.TransportError as exc:
            raise LostError(f"{method} {path}: {type(exc).__name__}") from exc
        if r.status_code == 503 and not _manual(r):
            raise UnavailableError(f"{path}: 503", retry_after(r))
        return r

    def submit(self, plp: Submission, timeout: float = 30.0) -> Answer:
        r = self.call("POST", REQUESTS, timeout, json=shapes.request_body(plp))
        body = _json(r)
        if r.status_code in (200, 201):
            self._ids[plp.ref_number] = str(body["id"])
            rules = tuple(dict.fromkeys(str(f["rule"]) for f in body.get("findings", [])))
            return Answer(body.get("status") != "REJECTED", rules, str(body.get("status")))
        return _problem(r.status_code, body)

    def poll(self, ref_number: str | None = None) -> list[Response]:
        """The decided requests this TPS filed (the one awaited, when named); each read."""
        params: dict[str, Any] = {"status": list(DECIDED), "limit": 50}
        if ref_number:
            params["ref_number"] = ref_number
        mine = [i for i in self._list(params) if i.get("applicant_tps") == self.tps]
        return [found for i in mine if (found := self._read(str(i["id"]))) is not None]

    def _list(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.call("GET", REQUESTS, params=params)
        items = _json(r).get("items")
        if r.status_code != 200 or not isinstance(items, list):
            raise WireError(f"GET {REQUESTS}: {r.status_code}")
        return [i for i in items if isinstance(i, dict)]

    def on_demand(self, ref_number: str, gudang: str) -> Response | None:
        return self._read(ref_number)

    def poll_destination(self) -> list[Response]:
        """PLPs moving goods to this TPS (`side=destination` names the poll's purpose)."""
        params = {"status": list(MOVING_IN), "tps": self.tps, "limit": 50, "side": "destination"}
        theirs = [i for i in self._list(params) if i.get("destination_tps") == self.tps]
        found = [self._read(str(i["id"]), destination=True) for i in theirs]
        return [f for f in found if f is not None]

    def _read(self, key: str, destination: bool = False) -> Response | None:
        r = self.call("GET", f"{REQUESTS}/{key}")
        if r.status_code == 404:
            return None
        body = _json(r)
        if r.status_code != 200:
            raise WireError(f"GET {REQUESTS}/{key}: {r.status_code}")
        ref = str(body["header"]["ref_number"])
        self._ids[ref] = str(body["id"])
        return response_of(body, destination)

    def request_id(self, ref_number: str) -> str:
        if ref_number not in self._ids:
            self._read(ref_number)
        return self._ids[ref_number]

    def cancel(self, goods: Goods, plp: Response, ref_number: str) -> Answer:
        path = f"{REQUESTS}/{self.request_id(plp.ref_number)}/cancellation"
        body = {"reason": "SALAH INPUT GUDANG TUJUAN", "ref_number": ref_number}
        r = self.call("POST", path, json=body)
        if r.status_code != 200:
            return _problem(r.status_code, _json(r))
        self._cancelled[ref_number] = plp.ref_number
        return Answer(True)

    def poll_cancellation(self, ref_number: str | None = None) -> list[CancellationResponse]:
        """The request of each cancellation filed (L1): cancelled once the Kasubsi approves;
        a refusal shows only in the request read in full."""
        found = []
        for cancel_ref, ref in self._cancelled.items():
            if ref_number and cancel_ref != ref_number:
                continue
            params = {"ref_number": ref, "side": "cancellation", "limit": 1}
            items = self._list(params)
            if items and items[0].get("status") == "CANCELLED":
                found.append(CancellationResponse(cancel_ref, "", True))
                continue
            r = self.call("GET", f"{REQUESTS}/{self.request_id(ref)}")
            c = _json(r).get("cancellation") if r.status_code == 200 else None
            if isinstance(c, dict) and c.get("state") not in (None, "PENDING", "APPROVED"):
                found.append(CancellationResponse(cancel_ref, str(c.get("number") or ""), False))
        return found

    def gate(self, report: GateReport) -> Answer:
        """KD_DOK 3 (PLP gate-out) or 5 (PLP gate-in) with KD_DOK_INOUT 3, per container."""
        plp = report.plp
        move = {
            "kd_dok_inout": "3", "document_number": plp.plp_number,
            "document_date": (plp.plp_date or report.at.date()).isoformat(),
            "at": report.at.isoformat(), "office_code": report.office,
        }  # fmt: skip
        items = [
            {"container": ln.container, **move}
            | {"seal_numbers": list(report.seals.get(ln.container, ()))}
            for ln in report.containers
        ]
        body = {
            "kd_dok": "5" if report.gate_in else "3",
            "kd_tps": report.tps,
            "kd_gudang": report.gudang,
            "ref_number": report.ref_number,
            "items": items,
        }
        r = self.call("POST", GATE_REPORTS, json=body)
        return Answer(True) if r.status_code == 204 else _problem(r.status_code, _json(r))

    def notify_out_of_hours(self, plp: Response, start: datetime, end: datetime) -> Answer:
        """H1: the notice with its three statements, before the move."""
        path = f"{REQUESTS}/{self.request_id(plp.ref_number)}/out-of-hours-notices"
        files = {
            name: (f"{name}.pdf", PDF, "application/pdf")
            for name in ("approved_request", "destination_statement", "origin_statement")
        }
        form = {"planned_start": start.isoformat(), "planned_end": end.isoformat()}
        r = self.call("POST", path, data=form, files=files)
        return Answer(True) if r.status_code == 201 else _problem(r.status_code, _json(r))

    def change_password(self, new: str) -> Answer:
        """Every session of the account ends with it: the next call logs in again."""
        current = self.connection.password(self.account)
        body = {"password": current, "new_password": new, "confirmation": new}
        r = self.call("POST", "/api/v1/auth/password", json=body)
        return Answer(True) if r.status_code in (200, 204) else _problem(r.status_code, _json(r))

    def close(self) -> None:
        pass


def response_of(body: dict[str, Any], destination: bool = False) -> Response | None:
    """A decided request as a response; None while undecided. Rejected on arrival (E1-E7
    findings, no decision) is no response: the upload's answer said so."""
    decision = body.get("decision")
    if not isinstance(decision, dict):
        return None
    lines = tuple(
        Line(str(ln.get("container_number") or ""), str(ln.get("size") or ""), bool(ln["approved"]))
        for ln in body.get("lines", [])
        if ln.get("container_number") and (not destination or ln.get("approved"))
    )
    return Response(
        str(body["header"]["ref_number"]),
        str(decision.get("plp_number") or ""),
        shapes.parse_date(decision.get("plp_date")),
        lines,
        str(decision.get("reason") or ""),
    )


def _json(r: httpx.Response) -> dict[str, Any]:
    if not r.content:
        return {}
    try:
        body = r.json()
    except ValueError as exc:
        raise GarbledError(f"the reply is not JSON ({exc})") from exc
    if not isinstance(body, dict):
        raise GarbledError("the reply is not a JSON object")
    return body


def _manual(r: httpx.Response) -> bool:
    """F2: the office works on the manual procedure; a 503 that is a refusal, not an outage
    to wait out."""
    try:
        body = r.json()
    except ValueError:
        return False
    return isinstance(body, dict) and ("manual_since" in body or body.get("rule") == "F2")


def _problem(status: int, body: dict[str, Any]) -> Answer:
    rule = "F2" if "manual_since" in body else body.get("rule")
    codes = (str(rule),) if rule else (str(status),)
    return Answer(False, codes, str(body.get("detail") or body.get("title") or status)[:300])
