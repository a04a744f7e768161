"""One TPS operator system, over REST or over SOAP, behind the same few operations, so that a
scenario reads the same on both. Outcomes are protocol-neutral: accepted, and the rule ids."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from plp_mock_tps import documents as doc
from plp_mock_tps.connection import Connection
from plp_mock_tps.soap import SoapClient

Seals = dict[str, list[str]] | None  # container -> customs seal numbers stated (S1)

REQUESTS = "/api/v1/plp-requests"


@dataclass
class Outcome:
    accepted: bool
    rules: list[str] = field(default_factory=list)
    status_code: int | None = None
    detail: str = ""
    request_id: str | None = None


def new_ref(tps: str) -> str:
    return f"{tps}{uuid.uuid4().hex[:12].upper()}"


class Tps(Protocol):
    protocol: str
    account: str

    def submit(self, body: dict[str, Any]) -> Outcome: ...

    def decision(self, request: dict[str, Any]) -> dict[str, Any] | None: ...

    def gate(
        self, request: dict[str, Any], gate_in: bool, at: datetime, seals: Seals = None
    ) -> Outcome: ...

    def cancel(self, request: dict[str, Any], reason: str, ref_number: str) -> Outcome: ...

    def cancellation(self, request: dict[str, Any], ref_number: str) -> dict[str, Any] | None: ...


class RestTps:
    protocol = "rest"

    def __init__(self, connection: Connection, account: str) -> None:
        self.connection, self.account = connection, account

    def submit(self, body: dict[str, Any]) -> Outcome:
        r = self.connection.call("POST", REQUESTS, self.account, json=body)
        if r.status_code in (200, 201):
            data = r.json()
            rules = list(dict.fromkeys(f["rule"] for f in data["findings"]))
            return Outcome(data["status"] != "REJECTED", rules, r.status_code, "", data["id"])
        return _problem(r)

    def read(self, request_id: str) -> dict[str, Any]:
        r = self.connection.call("GET", f"{REQUESTS}/{request_id}", self.account)
        r.raise_for_status()
        return dict(r.json())

    def find(self, ref_number: str) -> str | None:
        """A request of this TPS by its reference (SOAP answers carry no request id)."""
        r = self.connection.call("GET", REQUESTS, self.account, params={"limit": 200})
        r.raise_for_status()
        found = [i["id"] for i in r.json()["items"] if i["ref_number"] == ref_number]
        return found[0] if found else None

    def decision(self, request: dict[str, Any]) -> dict[str, Any] | None:
        fresh = self.read(request["id"])
        d = fresh["decision"]
        if d is None and not fresh["findings"]:
            return None
        return {"approved": bool(d and d["approved"]), "plp_number": d and d["plp_number"]}

    def gate(
        self, request: dict[str, Any], gate_in: bool, at: datetime, seals: Seals = None
    ) -> Outcome:
        step = "gate-in" if gate_in else "gate-out"
        path = f"{REQUESTS}/{request['id']}/{step}"
        body: dict[str, Any] = {"at": at.isoformat()}
        if seals:  # S1: the customs seal numbers the TPS saw on each container
            body["seals"] = [{"container": c, "numbers": n} for c, n in seals.items()]
        r = self.connection.call("POST", path, self.account, json=body)
        return Outcome(True, status_code=200) if r.status_code == 200 else _problem(r)

    def cancel(self, request: dict[str, Any], reason: str, ref_number: str) -> Outcome:
        path = f"{REQUESTS}/{request['id']}/cancellation"
        body = {"reason": reason, "ref_number": ref_number}
        r = self.connection.call("POST", path, self.account, json=body)
        return Outcome(True, status_code=200) if r.status_code == 200 else _problem(r)

    def cancellation(self, request: dict[str, Any], ref_number: str) -> dict[str, Any] | None:
        """L1: the decision on the cancellation; None while the Kasubsi has not decided."""
        c = self.read(request["id"])["cancellation"]
        if c is None or c["state"] == "PENDING":
            return None
        return {"number": c["number"], "date": c["date"], "approved": c["state"] == "APPROVED"}


class SoapTps:
    """The legacy wire; the request's state is read over REST only to know its id."""

    protocol = "soap"

    def __init__(self, connection: Connection, account: str, flavour: str = "php12") -> None:
        self.connection, self.account = connection, account
        self.client = SoapClient(connection, flavour)
        self.rest = RestTps(connection, account)

    def _auth(self, first: str = "Username") -> list[tuple[str, str]]:
        return [(first, self.account), ("Password", self.connection.password(self.account))]

    def submit(self, body: dict[str, Any]) -> Outcome:
        text = self.client.call("UploadMohonPLP", [("fStream", doc.loadplp(body)), *self._auth()])
        result = doc.upload_result(text)
        request_id = self.rest.find(body["ref_number"])
        return Outcome(result.accepted, result.rules, 200, text[:300], request_id)

    def decision(self, request: dict[str, Any]) -> dict[str, Any] | None:
        params = [*self._auth("UserName"), ("No_plp", ""), ("Tgl_plp", ""), ("KdGudang", "")]
        text = self.client.call(
            "GetResponPlp_onDemands", [*params, ("RefNumber", request["header"]["ref_number"])]
        )
        found = doc.responplp(text)
        if found is None:
            return None
        return {"approved": found["approved"], "plp_number": found["header"].get("NO_PLP") or None}

    def gate(
        self, request: dict[str, Any], gate_in: bool, at: datetime, seals: Seals = None
    ) -> Outcome:
        tps = request["header"]["destination_tps" if gate_in else "origin_tps"]
        fstream, kemasan = doc.coarri(request, gate_in, new_ref(tps), at, seals or {})
        op = "CoarriCodeco_Kemasan" if kemasan else "CoarriCodeco_Container"
        result = doc.gate_result(self.client.call(op, [("fStream", fstream), *self._auth()]))
        return Outcome(result.accepted, result.rules, 200, result.text[:300])

    def cancel(self, request: dict[str, Any], reason: str, ref_number: str) -> Outcome:
        fstream = doc.batalplp(request, ref_number, reason)
        result = doc.upload_result(
            self.client.call("UploadBatalPLP", [("fStream", fstream), *self._auth()])
        )
        return Outcome(result.accepted, result.rules, 200, result.text[:300])

    def cancellation(self, request: dict[str, Any], ref_number: str) -> dict[str, Any] | None:
        params = [*self._auth("UserName"), ("KdGudang", ""), ("NoBatalplp", "")]
        text = self.client.call(
            "GetResponBatalPlp_onDemands",
            [*params, ("TglBatalplp", ""), ("RefNumber", ref_number)],
        )
        found = doc.responplp(text)
        if found is None:
            return None
        h = found["header"]  # L1: answered once decided, FL_SETUJU Y (approved) or T
        number, day = h.get("NO_BATAL_PLP"), _iso(h.get("TGL_BATAL_PLP", ""))
        return {"number": number, "date": day, "approved": found["approved"]}


def make_tps(connection: Connection, account: str, protocol: str) -> Tps:
    """`rest`, `soap` (php12), or `soap:<flavour>` (php11, java, curl, odoo, zeep)."""
    if protocol == "rest":
        return RestTps(connection, account)
    _, _, flavour = protocol.partition(":")
    return SoapTps(connection, account, flavour or "php12")


def _problem(r: Any) -> Outcome:
    try:
        body = r.json()
    except ValueError:
        body = {"detail": r.text[:300]}
    rule = body.get("rule")
    return Outcome(False, [rule] if rule else [], r.status_code, str(body.get("detail", "")))


def _iso(yyyymmdd: str) -> str | None:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8])).isoformat()
    except ValueError:
        return None
