"""Hostile values in otherwise valid requests, on every operation of the REST API (admin, test
controls and simulation included) and of the H2H surface (its login too), as the services'
OpenAPI documents list them, so that a new operation is covered the day it is added.

Each case starts from a valid request (the operation's documented example, or one built here
on a request walked to the right step) and replaces one or two of its values: a lone
surrogate in a string (escaped in JSON, as percent-encoded UTF-8 in paths, queries and forms),
a date, time or month at the edge of the calendar in each format the API speaks (0001-01-01,
9999-12-31, 0000, 29 February of leap and common years, dd-MM-yyyy, YYYY-MM), a number at the
edge, a member named by a lone surrogate, or a list item repeated. No answer may be a 5xx; the
H2H endpoints outside PLP answer their documented 501 whatever they are sent.

Deterministic (derandomized; PLP_FUZZ_SEED=random explores) and bounded: PLP_HOSTILE_EXAMPLES
cases per operation. The SOAP service is XML: its hostile input is test_soap_attacks.py."""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.api.h2h import catalogue
from tests.integration.h2h.test_h2h_support import (
    AUTH,
    TPS_BASE,
    H2h,
    batal,
    coarri_kemasan,
    coarri_kontainer,
    dmy,
    moment,
    permohonan,
)
from tests.integration.h2h.test_h2h_support import ref as h2h_ref
from tests.reporting import report
from tests.support import WIB, Api, containers, make_api, now, plp_body

EXAMPLES = int(os.environ.get("PLP_HOSTILE_EXAMPLES", "30"))
# Each login checks an argon2 hash on purpose (~0.5 s): fewer cases, same values.
LOGINS = {"POST /api/v1/auth/token", f"POST {AUTH}/user/login"}
DOCUMENTS = {
    "": "/openapi.json",
    TPS_BASE: f"{TPS_BASE}/openapi.json",
    AUTH: f"{AUTH}/openapi.json",
}
SKIPPED = {"/tps/service.asmx"}
# The section head's page is HTML, outside the OpenAPI document; its session is a cookie.
DASHBOARD = [
    ("/console/office", [("office", "040300"), ("month", "2026-10")]),
    ("/console/office/live", [("office", "040300")]),
    ("/console/office/report", [("month", "2026-10"), ("office", "040300"), ("format", "csv")]),
]
# Run after everything else: they change reference data, accounts, the clock or the office.
LAST = (
    "/api/v1/admin",
    "/api/v1/test",
    "/api/v1/simulation",
    "/api/v1/outages",
    "/api/v1/manual-plps",
    "/api/v1/reconciliations",
    "/api/v1/offices",
    "/api/v1/callbacks",
    "/api/v1/conformance",
)
# Which demo account sends the cases of a REST operation: path fragment -> account (first match)
ACCOUNTS = [
    ("/api/v1/admin", "admin"),
    ("/api/v1/test", "admin"),
    ("/api/v1/simulation", "admin"),
    ("/recommendations/p2", "p2"),
    ("/recommendations/manifest", "manifest"),
    ("/follow-up", "manifest"),
    ("/decision", "kasubsi"),
    ("/origin-check", "supervisor-asal"),
    ("/destination-check", "supervisor-tujuan"),
    ("/investigation", "p2-section"),
    ("/api/v1/queue", "manifest"),
    ("/api/v1/outages", "kasubsi"),
    ("/api/v1/manual-plps", "kasubsi"),
    ("/api/v1/reconciliations", "kasubsi"),
    ("/api/v1/offices", "kasubsi"),
    ("/api/v1/reports", "kasubsi"),
    ("/console/office", "kasubsi"),
    ("", "tpka"),
]

# --- hostile values ------------------------------------------------------------------------

NUMBERS: list[Any] = [0, -1, 2**31, 2**63, 10**30, 1e308, -1e308, 0.000001]
ISO_DATES = [
    "0001-01-01",
    "9999-12-31",
    "0000-01-01",
    "2024-02-29",
    "2023-02-29",
    "2100-02-29",
    "2000-02-29",
    "1970-01-01",
]
ISO_MOMENTS = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59.999999Z",
    "2024-02-29T12:00:00+07:00",
    "2023-02-29T12:00:00+07:00",
]
MONTHS = ["0001-01", "9999-12", "0000-01", "0001-00", "9999-13", "2024-02", "0001-02", "9999-11"]
DMY_DATES = ["01-01-0001", "31-12-9999", "00-00-0000", "29-02-2024", "29-02-2023", "31-12-0000"]
DMY_MOMENTS = [
    "01-01-0001 00:00:00",
    "31-12-9999 23:59:59",
    "29-02-2024 12:00:00",
    "29-02-2023 12:00:00",
    "00-00-0000 00:00:00",
]
SHAPES = [  # the edges of a value that looks like a date, a moment or a month
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), ISO_DATES),
    (re.compile(r"^\d{4}-\d{2}-\d{2}T"), ISO_MOMENTS),
    (re.compile(r"^\d{4}-\d{2}$"), MONTHS),
    (re.compile(r"^\d{2}-\d{2}-\d{4}$"), DMY_DATES),
    (re.compile(r"^\d{2}-\d{2}-\d{4}[ T]"), DMY_MOMENTS),
]
ANY_EDGE = ["0000", ISO_DATES[0], ISO_DATES[1], MONTHS[0], MONTHS[1], ISO_MOMENTS[1]]


def hostile_texts(original: Any) -> list[Any]:
    """What may replace a string (or an absent parameter): lone surrogates, alone, around the
    original and as a reversed pair; and edges of the calendar in the original's own shape."""
    text = "" if original is None else str(original)
    found = ["\ud800", "\udfff", f"{text}\ud800", f"\udc00{text}", "\ude00\ud83d", "0000"]
    shaped = [edges for shape, edges in SHAPES if shape.match(text)]
    return found + (shaped[0] if shaped else ANY_EDGE if original is None else [])


# --- requests ------------------------------------------------------------------------------

NO_BODY = object()


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the template, with the sub-application's prefix
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def params(self, where: str) -> list[str]:
        return [p["name"] for p in self.spec.get("parameters", []) if p["in"] == where]

    @property
    def not_simulated(self) -> bool:  # H2H endpoints outside PLP: 501 whatever they get
        return str(self.spec.get("summary", "")).startswith("Not simulated")


@dataclass
class Call:
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any = NO_BODY  # JSON
    form: dict[str, Any] | None = None  # application/x-www-form-urlencoded
    fields: dict[str, Any] | None = None  # multipart, with FILES
    changed: list[str] = field(default_factory=list)  # what this case replaced, for the report


@dataclass
class Stage:
    """The demo data the bases point at: requests walked to each step, and their PLP."""

    ids: dict[str, str]
    plps: dict[str, tuple[str, str]]  # stage -> (PLP number, date dd-MM-yyyy)
    refs: dict[str, str]
    notice_id: str
    refresh_token: str


STEPS = [  # request stage -> the step that leads to the next one
    ("recommendations/manifest", "manifest", {"approve": True, "note": "ok"}),
    ("decision", "kasubsi", {"approve": True}),
    ("origin-check", "supervisor-asal", {"matched": True, "escorted": True}),
    ("gate-out", "tpka", {"at": "now"}),
]
GOODS = {  # stage -> free demo goods (not the documented examples')
    "review": "MSKU1001373",
    "recommended": "TGHU1002113",
    "approved": "HLXU1002859",
    "released": "SEGU1003220",
    "gated_out": "FCIU1003961",
}
REQUEST_OF_STEP = [  # path fragment -> the stage of the request it acts on
    ("/recommendations/", "review"),
    ("/cancellation", "review"),
    ("/decision", "recommended"),
    ("/origin-check", "approved"),
    ("/gate-out", "released"),
    ("/out-of-hours-notices", "released"),
    ("/destination-check", "gated_out"),
    ("/investigation", "gated_out"),
    ("/gate-in", "gated_out"),
    ("", "review"),
]
PDF = ("a.pdf", b"%PDF-1.4\n", "application/pdf")
FILES = dict.fromkeys(("approved_request", "destination_statement", "origin_statement"), PDF)
SCRATCH_ACCOUNT = "fuzz-officer"
NOWHERE = "0" * 32  # an id nothing has


def _now_wib() -> str:
    return now().astimezone(WIB).isoformat()


def path_value(op: Operation, name: str, stage: Stage) -> str:
    values = {
        "request_id": stage.ids[next(s for f, s in REQUEST_OF_STEP if f in op.path)],
        "notice_id": stage.notice_id,
        "kind": "origin_statement",
        "office_code": "040300",
        "code": "TPKA" if "/tps/" in op.path else "040300",
        "username": SCRATCH_ACCOUNT,
        "event_type": "decision",
        "month": "2026-10",
        "chart": "decisions-per-day",
        "day": "2026-12-24",
    }
    return values.get(name, NOWHERE)  # outage, manual PLP, reconciliation, delivery ids


def query_value(op: Operation, name: str, stage: Stage) -> Any:
    number, on = stage.plps["approved"]
    values = dict(next((q for p, q in DASHBOARD if p == op.path), [])) | {
        "kodeTps": "TPKA",
        "kodeGudang": "TPKA",
        "office_code": "040300",
        "submitted_from": "2026-11-01",
        "submitted_to": "2026-11-30",
        "nomorPlp": number,
        "tanggalPlp": on,
        "nomorReference": stage.refs["approved"],
    }
    return values.get(name)


def _submission(_: Stage) -> Any:
    return plp_body(containers=containers("TSTU1004708", "MSKU1005070"))


def _h2h_upload(_: Stage) -> Any:
    return permohonan(h2h_ref(), [("CSQU1005440", "40")])


# Bodies the documents have no (reusable) example for: operation -> body on the demo data
BODIES: dict[str, Callable[[Stage], Any]] = {
    "PUT /api/v1/auth/me/language": lambda _: {"language": "en"},
    "POST /api/v1/conformance/runs": lambda _: {"protocol": "rest", "quirks": False},
    f"POST {AUTH}/user/ganti-password": lambda _: {
        "username": "cfsb",
        "password": "not-the-password",
        "passwordBaru": "a-new-password-1",
        "passwordKonfirmasi": "a-new-password-1",
    },
    # a wrong current password: the hostile variants are checked, no password ever changes
    "POST /api/v1/auth/password": lambda _: {
        "password": "not-the-password",
        "new_password": "a-new-password-1",
        "confirmation": "a-new-password-1",
    },
    **{  # the rest of note 5.1 (not simulated: any object); the entries below override
        f"POST {TPS_BASE}{op.path}": lambda _: {"kodeTps": "TPKA"}
        for op in catalogue.operations()
        if op.method == "POST" and not op.request.endswith("[]")
    },
    "POST /api/v1/plp-requests": _submission,  # a fresh reference each case
    "POST /api/v1/manual-plps/{manual_id}/decision": lambda _: {
        "approved": False,
        "decided_at": "2026-11-25T10:00:00",
        "letter_number": "S-1/KPU.01/2026",
        "letter_date": "2026-11-25",
        "reason": "no space",
    },
    "PUT /api/v1/callbacks/{event_type}": lambda _: {"url": "https://93.184.215.14/plp"},
    "PUT /api/v1/simulation/policies/{office_code}": lambda _: {
        "decisions": "rules",
        "decision_delay_seconds": 60,
        "reject_reasons": ["POSTAL"],
    },
    f"POST {TPS_BASE}/upload-mohon-plp": _h2h_upload,
    f"POST {TPS_BASE}/permohonan-plp": _h2h_upload,
    f"POST {TPS_BASE}/upload-batal-plp": lambda s: batal(
        h2h_ref(), s.plps["approved"], [(GOODS["approved"], "20")]
    ),
    f"POST {TPS_BASE}/coarri-codeco-container": lambda s: coarri_kontainer(
        h2h_ref(), "3", "TPKA", s.plps["released"], moment(), [GOODS["released"]]
    ),
    f"POST {TPS_BASE}/coarri-codeco-kemasan": lambda s: coarri_kemasan(
        h2h_ref(), "3", "TPKA", s.plps["released"], moment(), ["HBL-LCL-0001"]
    ),
    "POST /api/v1/gate-reports": lambda _: {  # discharge where the demo has the goods (E7)
        "kd_dok": "1",
        "kd_tps": "TPKA",
        "ref_number": "TPKA-HOSTILE-1",
        "items": [
            {
                "container": "MSKU1001373",
                "kd_dok_inout": "20",
                "document_number": "001234",
                "document_date": "2026-11-20",
                "at": "2026-11-20T07:00:00+07:00",
            }
        ],
    },
    f"POST {TPS_BASE}/kirim-tps-tracking": lambda _: {"kodeTps": "TPKA"},
    f"POST {TPS_BASE}/tps-tracking/batch": lambda _: [{"kodeTps": "TPKA"}],
    f"POST {AUTH}/user/login": lambda _: {"username": "jge1", "password": "jge1-demo"},
    f"POST {AUTH}/user/update-token": lambda s: {"refresh_token": s.refresh_token},
}
FORMS: dict[str, Callable[[Stage], dict[str, Any]]] = {
    "POST /api/v1/auth/token": lambda _: {"username": "koja", "password": "koja-demo"},
}
NOTICE = {"planned_start": "2026-11-25T20:00:00", "planned_end": "2026-11-25T22:00:00"}
MULTIPART: dict[str, Callable[[Stage], dict[str, Any]]] = {
    "POST /api/v1/plp-requests/{request_id}/out-of-hours-notices": lambda _: dict(NOTICE),
}


def base_call(op: Operation, stage: Stage) -> Call:
    """The valid request a case starts from."""
    call = Call(
        {name: path_value(op, name, stage) for name in op.params("path")},
        {n: v for n in op.params("query") if (v := query_value(op, n, stage)) is not None},
    )
    content = (op.spec.get("requestBody") or {}).get("content", {})
    if op.key in FORMS:
        return replace(call, form=FORMS[op.key](stage))
    if op.key in MULTIPART:
        return replace(call, fields=MULTIPART[op.key](stage))
    if op.key in BODIES:
        return replace(call, body=BODIES[op.key](stage))
    examples = content.get("application/json", {}).get("examples", {})
    if examples:
        return replace(call, body=json.loads(json.dumps(next(iter(examples.values()))["value"])))
    assert not content, f"{op.key}: add a valid base body to BODIES, FORMS or MULTIPART"
    return call


Slot = tuple[str, tuple[Any, ...]]  # (where: path, query, form, fields, json, key, repeat), place


def slots(op: Operation, call: Call) -> list[tuple[Slot, Any]]:
    """Every place a case may change, with the value it has there (None: absent)."""
    found: list[tuple[Slot, Any]] = [(("path", (n,)), v) for n, v in call.path.items()]
    found += [(("query", (n,)), call.query.get(n)) for n in op.params("query")]
    found += [(("form", (n,)), v) for n, v in (call.form or {}).items()]
    found += [(("fields", (n,)), v) for n, v in (call.fields or {}).items()]
    if call.body is not NO_BODY:
        found += _json_slots(call.body, ())
    return found


def _json_slots(value: Any, at: tuple[Any, ...]) -> list[tuple[Slot, Any]]:
    if isinstance(value, dict):
        found: list[tuple[Slot, Any]] = [(("key", at), None)]
        for name, item in value.items():
            found += _json_slots(item, (*at, name))
        return found
    if isinstance(value, list):
        found = [(("repeat", at), None)] if value else []
        for i, item in enumerate(value):
            found += _json_slots(item, (*at, i))
        return found
    if isinstance(value, bool) or value is None:
        return []
    return [(("json", at), value)]


def choices(slot: Slot, original: Any) -> list[Any]:
    where, _ = slot
    if where in ("key", "repeat"):
        return [None]
    if isinstance(original, int | float) and not isinstance(original, bool):
        return [*NUMBERS, *hostile_texts(None)[:2]]
    return hostile_texts(original)


def with_value(call: Call, slot: Slot, value: Any) -> Call:
    """`call` with the value at `slot` replaced (a copy: the base stays valid)."""
    where, at = slot
    new = replace(
        call,
        path=dict(call.path),
        query=dict(call.query),
        form=dict(call.form) if call.form is not None else None,
        fields=dict(call.fields) if call.fields is not None else None,
        body=json.loads(json.dumps(call.body)) if call.body is not NO_BODY else NO_BODY,
        changed=[*call.changed, f"{where}{list(at)}={value!r}"],
    )
    if where in ("path", "query", "form", "fields"):
        getattr(new, where)[at[0]] = value
        return new
    if where == "json" and not at:  # the body is a bare value
        return replace(new, body=value)
    holder = new.body
    for step in at if where in ("key", "repeat") else at[:-1]:
        holder = holder[step]
    if where == "key":
        holder["\ud800"] = "x"
    elif where == "repeat":
        holder.append(json.loads(json.dumps(holder[0])))
    else:
        holder[at[-1]] = value
    return new


def _url(value: Any) -> str:
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def send(client: Any, op: Operation, call: Call, headers: dict[str, str]) -> Any:
    url = op.path
    for name, value in call.path.items():
        url = url.replace("{" + name + "}", _url(value))
    if call.query:
        url += "?" + "&".join(f"{_url(k)}={_url(v)}" for k, v in call.query.items())
    kw: dict[str, Any] = {"headers": dict(headers)}
    if call.body is not NO_BODY:
        kw["content"] = json.dumps(call.body).encode()  # \\ud800 escapes, as JSON allows
        kw["headers"]["Content-Type"] = "application/json"
    elif call.form is not None:
        kw["content"] = "&".join(f"{_url(k)}={_url(v)}" for k, v in call.form.items()).encode()
        kw["headers"]["Content-Type"] = "application/x-www-form-urlencoded"
    elif call.fields is not None:
        kw["data"] = {k: str(v).encode("utf-8", "surrogatepass") for k, v in call.fields.items()}
        kw["files"] = FILES
    return client.request(op.method, url, **kw)


# --- the test ------------------------------------------------------------------------------


def test_every_operation_answers_hostile_values_without_a_5xx(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """On SQLite and PostgreSQL: their drivers and column types refuse different values."""
    with make_api(db_url) as client:
        api = Api(client)
        stage = _prepare(api)
        tpka = H2h(api, "tpka")
        ops = _operations(client)
        started, tried, failures, by_surface = time.monotonic(), 0, [], {"REST": 0, "H2H": 0}
        for op in ops:
            h2h = op.path.startswith("/h2h/")
            headers = tpka.headers if op.path.startswith(TPS_BASE) else {}
            if not h2h:
                headers = api.auth(next(n for f, n in ACCOUNTS if f in op.path))
            if op.path.startswith("/console/office"):
                headers = {"Cookie": f"plp_session={headers['Authorization'][7:]}"}
            count, problems = _fuzz(client, op, stage, headers)
            tried += count
            failures += problems
            by_surface["H2H" if h2h else "REST"] += 1
    seconds = time.monotonic() - started
    report(
        capsys,
        f"hostile values: {tried} cases on {len(ops)} operations "
        f"(REST {by_surface['REST']}, H2H {by_surface['H2H']}) in {seconds:.0f} s, "
        f"{len(failures)} failed",
    )
    assert not failures, "\n".join(failures[:40])
    assert by_surface["REST"] >= 60 and by_surface["H2H"] >= 20, by_surface


def _operations(client: Any) -> list[Operation]:
    found = [
        Operation("GET", path, {"parameters": [{"in": "query", "name": n} for n, _ in query]})
        for path, query in DASHBOARD
    ]
    for prefix, url in DOCUMENTS.items():
        document = client.get(url).json()
        for path, item in document["paths"].items():
            if path in SKIPPED:
                continue
            found += [Operation(m.upper(), prefix + path, spec) for m, spec in item.items()]
    return sorted(found, key=lambda op: op.path.startswith(LAST))  # stable otherwise


def _fuzz(
    client: Any, op: Operation, stage: Stage, headers: dict[str, str]
) -> tuple[int, list[str]]:
    seen, problems = {"cases": 0}, []
    if not slots(op, base_call(op, stage)):  # nothing to change: sent once as it is
        call = base_call(op, stage)
        return 1, _checked(op, call, send(client, op, call, headers))

    @given(data=st.data())
    @settings(
        max_examples=min(EXAMPLES, 6) if op.key in LOGINS else EXAMPLES,
        deadline=None,
        database=None,
        derandomize=os.environ.get("PLP_FUZZ_SEED") != "random",
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(data: st.DataObject) -> None:
        call = base_call(op, stage)
        places = slots(op, call)
        picked = data.draw(
            st.lists(st.sampled_from(range(len(places))), min_size=1, max_size=2, unique=True)
        )
        for index in picked:
            slot, original = places[index]
            call = with_value(call, slot, data.draw(st.sampled_from(choices(slot, original))))
        seen["cases"] += 1
        try:
            answer = send(client, op, call, headers)
        except Exception as exc:  # the client could not send it: a bug of this test
            problems.append(f"{op.key}: {call.changed}: not sent: {exc!r}"[:500])
            return
        finally:
            if op.path.startswith("/api/v1/test/clock"):  # back to test time, for the tokens
                client.app.state.services.clock.set(now())
        problems.extend(_checked(op, call, answer))

    run()
    return seen["cases"], problems


def _checked(op: Operation, call: Call, answer: Any) -> list[str]:
    expected = 501 if op.not_simulated else None
    if answer.status_code < 500 or answer.status_code == expected:
        return []
    return [f"{op.key} {call.changed} -> {answer.status_code} {answer.text[:200]}"]


def _prepare(api: Api) -> Stage:
    """Logins first (the login operations are fuzzed too, and the limit may lock them), then
    one request at each step of the procedure, an H1 notice and a scratch account."""
    for name in {n for _, n in ACCOUNTS}:
        api.auth(name)
    ids, plps, refs = {}, {}, {}
    for depth, (stage, goods) in enumerate(GOODS.items()):
        ref = f"TPKA{uuid.uuid4().hex[:12].upper()}"
        r = api.submit(ref_number=ref, containers=containers(goods))
        assert r.status_code == 201 and r.json()["status"] == "IN_REVIEW", r.text
        rid = ids[stage] = r.json()["id"]
        refs[stage] = ref
        for step, who, body in STEPS[:depth]:
            sent = {k: _now_wib() if v == "now" else v for k, v in body.items()}
            answer = api.step(rid, step, who, **sent)
            assert answer.status_code == 200, (stage, step, answer.text)
            if decision := answer.json().get("decision"):
                plps[stage] = (decision["plp_number"], dmy(decision["plp_date"]))
    notice = api.client.post(
        f"/api/v1/plp-requests/{ids['released']}/out-of-hours-notices",
        data=NOTICE,
        files=FILES,
        headers=api.auth("tpka"),
    )
    assert notice.status_code == 201, notice.text
    account = {
        "username": SCRATCH_ACCOUNT,
        "password": "fuzz-officer-demo",
        "role": "manifest_officer",
        "office_code": "040300",
    }
    assert api.post("/api/v1/admin/accounts", "admin", account).status_code == 201
    refresh = H2h(api, "cfsb").item["refresh_token"]
    return Stage(ids, plps, refs, notice.json()["id"], refresh)
