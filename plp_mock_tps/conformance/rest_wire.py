"""The TPS's operations over the simulator's REST API (/api/v1): the request filed as JSON, its
responses polled from the list of the TPS's requests and read one by one (the REST on-demand),
gate reports and the H1 notice on the request, and the password changed for the account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

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
)
from plp_mock_tps.connection import Connection

REQUESTS = "/api/v1/plp-requests"
DECIDED = ("APPROVED", "REJECTED", "GATED_OUT", "GATED_IN", "CANCELLED")
PDF = b"%PDF-1.4\n% conformance pack: a statement\n%%EOF\n"


class RestWire:
    protocol = "rest"

    def __init__(self, connection: Connection, account: str, tps: str) -> None:
        self.connection, self.account, self.tps = connection, account, tps
        self._ids: dict[str, str] = {}  # REF_NUMBER -> request id

    def call(self, method: str, path: str, timeout: float = 30.0, **kw: Any) -> httpx.Response:
        try:
            r = self.connection.call(method, path, self.account, timeout=timeout, **kw)
        except httpx.TransportError as exc:
            raise LostError(f"{method} {path}: {type(exc).__name__}") from exc
        if r.status_code == 503:
            raise UnavailableError(f"{path}: 503", _seconds(r.headers.get("Retry-After")))
        return r

    def submit(self, plp: Submission, timeout: float = 30.0) -> Answer:
        r = self.call("POST", REQUESTS, timeout, json=shapes.request_body(plp))
        body = _json(r)
        if r.status_code in (200, 201):
            self._ids[plp.ref_number] = str(body["id"])
            rules = tuple(dict.fromkeys(str(f["rule"]) for f in body.get("findings", [])))
            return Answer(body.get("status") != "REJECTED", rules, str(body.get("status")))
        return _problem(r.status_code, body)

    def poll(self) -> list[Response]:
        """The TPS's decided requests it filed; each read in full."""
        r = self.call("GET", REQUESTS, params={"status": list(DECIDED), "limit": 50})
        items = _json(r).get("items")
        if r.status_code != 200 or not isinstance(items, list):
            raise WireError(f"GET {REQUESTS}: {r.status_code}")
        mine = [i for i in items if i.get("applicant_tps") == self.tps]
        return [found for i in mine if (found := self._read(str(i["id"]))) is not None]

    def on_demand(self, ref_number: str, gudang: str) -> Response | None:
        return self._read(ref_number)

    def poll_destination(self) -> list[Response]:
        params = {"status": ["APPROVED", "GATED_OUT"], "tps": self.tps, "limit": 50}
        r = self.call("GET", REQUESTS, params=params)
        items = _json(r).get("items") or []
        theirs = [i for i in items if i.get("destination_tps") == self.tps]
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
        return Answer(True) if r.status_code == 200 else _problem(r.status_code, _json(r))

    def poll_cancellation(self) -> list[CancellationResponse]:
        found = []
        for ref, request_id in list(self._ids.items()):
            r = self.call("GET", f"{REQUESTS}/{request_id}")
            c = _json(r).get("cancellation") if r.status_code == 200 else None
            if isinstance(c, dict) and c.get("state") not in (None, "PENDING"):
                found.append(
                    CancellationResponse(
                        str(c.get("ref_number") or ref), str(c.get("number") or ""),
                        c.get("state") == "APPROVED",
                    )
                )  # fmt: skip
        return found

    def gate(self, report: GateReport) -> Answer:
        key = report.plp.ref_number or self._by_plp(report.plp.plp_number)
        step = "gate-in" if report.gate_in else "gate-out"
        body: dict[str, Any] = {"at": report.at.isoformat()}
        seals = [{"container": c, "numbers": list(n)} for c, n in report.seals.items() if n]
        if seals:
            body["seals"] = seals
        r = self.call("POST", f"{REQUESTS}/{self.request_id(key)}/{step}", json=body)
        return Answer(True) if r.status_code == 200 else _problem(r.status_code, _json(r))

    def _by_plp(self, plp_number: str) -> str:
        """A destination knows the PLP by number: its REF_NUMBER comes from the read."""
        r = self.call("GET", REQUESTS, params={"tps": self.tps, "limit": 50})
        for item in _json(r).get("items") or []:
            if item.get("plp_number") == plp_number:
                self._ids[str(item["ref_number"])] = str(item["id"])
                return str(item["ref_number"])
        raise WireError(f"no request with PLP number {plp_number}")

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
        body = {"current_password": self.connection.password(self.account), "new_password": new}
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


def _problem(status: int, body: dict[str, Any]) -> Answer:
    rule = body.get("rule")
    codes = (str(rule),) if rule else (str(status),)
    return Answer(False, codes, str(body.get("detail") or body.get("title") or status)[:300])


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
