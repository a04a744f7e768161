"""What each kind of scenario step does; each returns what it got, for the runner to compare
with what the step expects. A step that waits raises Timeout; an officer's step left to a
human raises Stopped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from plp_mock_tps.goods import wrong_check_digit
from plp_mock_tps.tps import new_ref

if TYPE_CHECKING:
    from plp_mock_tps.runner import ScenarioRun
    from plp_mock_tps.scenario import Step

OFFICER_STEPS: dict[str, tuple[str, str, str]] = {  # step -> (account, path, policy part)
    "recommend_manifest": ("manifest", "recommendations/manifest", "decisions"),
    "recommend_p2": ("p2", "recommendations/p2", "decisions"),
    "decide": ("kasubsi", "decision", "decisions"),
    "check_origin": ("supervisor-asal", "origin-check", "checks"),
    "check_destination": ("supervisor-tujuan", "destination-check", "checks"),
    "follow_up": ("manifest", "origin-check/follow-up", "human"),
    "investigate": ("p2-section", "investigation", "human"),
    # L1: the Kasubsi's answer to the pending cancellation (its number goes in the path)
    "decide_cancellation": ("kasubsi", "cancellations/{number}/decision", "decisions"),
}
DONE: dict[str, Callable[[dict[str, Any]], Any]] = {  # has the step been taken?
    "recommend_manifest": lambda r: r["recommendations"]["manifest"],
    "recommend_p2": lambda r: r["recommendations"]["p2"],
    "decide": lambda r: r["decision"],
    "check_origin": lambda r: r["movement"]["origin_check"],
    "check_destination": lambda r: r["movement"]["destination_check"],
    "decide_cancellation": lambda r: _decided_cancellation(r),
}


def _decided_cancellation(request: dict[str, Any]) -> dict[str, Any] | None:
    c = request["cancellation"]
    return None if c is None or c["state"] == "PENDING" else c


class StoppedError(Exception):
    """An officer's step the simulator leaves to a human (auto-officer off for it)."""


class WaitTimeoutError(Exception):
    pass


def submit(run: ScenarioRun, step: Step) -> dict[str, Any]:
    body = run.body_for(step.arg or {})
    outcome = run.tps(run.scenario.applicant).submit(body)
    run.body = body
    if outcome.request_id:
        run.request_id = outcome.request_id
    return {"accepted": outcome.accepted, "rules": outcome.rules, "detail": outcome.detail}


def officer(run: ScenarioRun, step: Step) -> dict[str, Any]:
    name = str(step.arg)
    account, path, part = OFFICER_STEPS[name]
    if run.options.officers == "client":
        request = run.read()
        body = _officer_body(name, step.options, request)
        path = path.format(number=(request["cancellation"] or {}).get("number", "-"))
        r = run.connection.call("POST", f"{run.path()}/{path}", account, json=body)
        problem = {} if r.status_code == 200 else r.json()
        return {
            "accepted": r.status_code == 200,
            "rules": [problem.get("rule")] if problem.get("rule") else [],
        }
    if part == "human":
        raise StoppedError(f"{name} is always a human officer's step: run with --officers client")
    if run.policy().get(part, "human") == "human":
        raise StoppedError(
            f"the auto-officer leaves {name} to a human (its {part} are off): run with "
            "--officers client, or serve with PLP_AUTO_OFFICER=rules"
        )
    run.wait(lambda r: DONE[name](r) is not None, f"the auto-officer to {name}")
    return {"accepted": True}


def response(run: ScenarioRun, step: Step) -> dict[str, Any]:
    """The answer the TPS's way (REST read or SOAP on-demand); also pushed, with a receiver."""
    kind = str(step.arg)
    tps = run.tps(run.scenario.applicant)
    request = run.read()
    if kind == "cancellation":  # L1: the Kasubsi's decision on it, once decided
        got = run.until(lambda: tps.cancellation(request, run.cancel_ref or ""), "the cancellation")
        push = run.pushed("cancellation")
        result = {"number": got.get("number"), "approved": got.get("approved")}
        if push is not None:
            result["pushed_approved"] = push.body["data"]["approved"]
        return result | {"pushed": push is not None}
    got = run.until(lambda: tps.decision(run.read()), "the decision")
    push = run.pushed("decision")
    result = {"approved": got["approved"], "has_plp_number": bool(got.get("plp_number"))}
    if push is not None:
        result["pushed_approved"] = push.body["data"]["approved"]
    return result


def gate(run: ScenarioRun, step: Step, gate_in: bool) -> dict[str, Any]:
    request = run.read()
    h = request["header"]
    tps = run.tps(step.options.get("as", h["destination_tps" if gate_in else "origin_tps"]))
    wanted = step.options.get("at")
    at = run.server_now() if wanted == "now" else _gate_time(request, gate_in, wanted)
    outcome = tps.gate(request, gate_in, at, _stated_seals(request, step.options.get("seals")))
    return {"accepted": outcome.accepted, "rules": outcome.rules, "detail": outcome.detail}


def released_seals(request: dict[str, Any]) -> dict[str, list[str]]:
    """S1: the seals put on at release, per container, as the request shows them."""
    check = request["movement"]["origin_check"] or {}
    return {s["container"]: list(s["numbers"]) for s in check.get("seals", [])}


def _stated_seals(request: dict[str, Any], how: str | None) -> dict[str, list[str]] | None:
    """The NO_SEGEL_BC a gate report states: none (most clients), the release's, or for
    `replaced` another number on the first container (a seal broken and replaced in transit)."""
    if how is None:
        return None
    seals = released_seals(request)
    if how == "replaced" and seals:
        first = next(iter(seals))
        seals[first] = ["MOCK-REPLACED"]
    return seals


def cancel(run: ScenarioRun, step: Step) -> dict[str, Any]:
    run.cancel_ref = new_ref(run.scenario.applicant)
    reason = str((step.arg or {}).get("reason", "SALAH INPUT GUDANG TUJUAN"))
    outcome = run.tps(run.scenario.applicant).cancel(run.read(), reason, run.cancel_ref)
    return {"accepted": outcome.accepted, "rules": outcome.rules, "detail": outcome.detail}


def status(run: ScenarioRun, step: Step) -> dict[str, Any]:
    return {}


def push(run: ScenarioRun, step: Step) -> dict[str, Any]:
    if run.options.receiver is None:
        return {"skipped": "no callback receiver"}
    found = run.pushed(str(step.arg), any_request=not step.options.get("own", False))
    if found is None:
        return {"received": False}
    data = found.body["data"]
    return {"received": True, "data": data} | ({"flag": data["flag"]} if "flag" in data else {})


def outage(run: ScenarioRun, step: Step) -> dict[str, Any]:
    office = run.goods.office_code
    if step.arg == "declare":
        body = {"office_code": office, "cause": f"mock TPS scenario {run.scenario.name}"}
        r = run.connection.call("POST", "/api/v1/outages", "kasubsi", json=body)
        run.outage_id = r.json().get("id") if r.status_code == 201 else None
        return {"accepted": r.status_code == 201}
    r = run.connection.call("POST", f"/api/v1/outages/{run.outage_id}/end", "kasubsi")
    return {"accepted": r.status_code == 200}


def clock(run: ScenarioRun, step: Step) -> dict[str, Any]:
    """until_manual: a day at a time (F1 counts working hours), at most two weeks;
    {advance_hours: N}: N hours on (T1 counts elapsed hours)."""
    if isinstance(step.arg, dict):
        seconds = float(step.arg["advance_hours"]) * 3600
        r = run.connection.call(
            "POST", "/api/v1/test/clock/advance", run.options.admin, json={"seconds": seconds}
        )
        r.raise_for_status()
        return {"now": r.json()["now"]}
    for _ in range(14):
        if run.office_mode() == "manual":
            return {"mode": "manual"}
        r = run.connection.call(
            "POST", "/api/v1/test/clock/advance", run.options.admin, json={"seconds": 86400}
        )
        r.raise_for_status()
        run.until(
            lambda: run.office_mode() == "manual" or None, "the watchdog", seconds=2.0, quiet=True
        )
    return {"mode": run.office_mode()}


def office(run: ScenarioRun, step: Step) -> dict[str, Any]:
    wanted = str(step.arg)
    run.until(lambda: run.office_mode() == wanted or None, f"the office to be {wanted}")
    return {"mode": run.office_mode()}


def setting(run: ScenarioRun, step: Step) -> dict[str, Any]:
    """The office's T1 settings, as the admin changes them (the whole office document)."""
    admin, code = run.options.admin, run.goods.office_code
    r = run.connection.call("GET", "/api/v1/admin/offices", admin)
    r.raise_for_status()
    office = next(o for o in r.json() if o["code"] == code)
    r = run.connection.call("PUT", f"/api/v1/admin/offices/{code}", admin, json=office | step.arg)
    return {"accepted": r.status_code == 200}


def watch(run: ScenarioRun, step: Step) -> dict[str, Any]:
    """Wait for the transit watch's flag (approval_lapsed or transit_overdue) on the request."""
    field = f"{step.arg}_at"
    flagged = run.wait(lambda r: r["transit_watch"][field] is not None, f"the {step.arg} flag")
    return {"flagged": True, "status": flagged["status"]}


def _officer_body(name: str, options: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    approve = bool(options.get("approve", True))
    note = str(options.get("note", "mock officer"))
    if name in ("check_origin", "check_destination"):
        matched = bool(options.get("matched", True))
        body: dict[str, Any] = {"matched": matched, "note": note}
        return body | _seals_body(name, request, bool(options.get("broken_seal")))
    if name in ("decide", "decide_cancellation"):
        return {"approve": approve} | ({} if approve else {"reason": note})
    if name in ("follow_up", "investigate"):  # M2/M4 outcomes, as the step states them
        keep = ("outcome", "line_nos", "document_number", "document_date")
        return {"note": note} | {k: options[k] for k in keep if k in options}
    return {"approve": approve, "note": note}


def _seals_body(name: str, request: dict[str, Any], broken: bool) -> dict[str, Any]:
    """M2: a customs seal per moving container, packages escorted; M4: the seals as found
    (S1), the first one broken when the step says so."""
    if name == "check_origin":
        moving = [ln for ln in request["lines"] if ln["approved"] and not ln["cancelled"]]
        seals = [
            {"container": ln["container_number"], "numbers": [f"MOCK-SEAL-{ln['line_no']}"]}
            for ln in moving
            if ln["container_number"]
        ]
        return {"seals": seals, "escorted": any(ln["bl_number"] for ln in moving)}
    found: list[dict[str, Any]] = [
        {"container": c, "numbers": n, "intact": True} for c, n in released_seals(request).items()
    ]
    if broken and found:
        found[0]["intact"] = False
    return {"seals": found}


def _gate_time(request: dict[str, Any], gate_in: bool, at: str | None) -> datetime:
    """M6: after the approval (gate-out) or the gate-out (gate-in), never in the future; a
    second after what precedes it, so the time is plausible whatever the test clock says."""
    if at == "future":
        return datetime.fromisoformat(request["submitted_at"]) + timedelta(days=3)
    if gate_in:
        outs = [ln["gated_out_at"] for ln in request["lines"] if ln["gated_out_at"]]
        start = max(datetime.fromisoformat(t) for t in outs) if outs else None
    else:
        marks = [request["decision"] and request["decision"]["at"]]
        marks.append((request["movement"]["origin_check"] or {}).get("at"))
        start = max(datetime.fromisoformat(t) for t in marks if t) if any(marks) else None
    base = start or datetime.fromisoformat(request["submitted_at"])
    return base + timedelta(seconds=1)


def special_container(name: str, run: ScenarioRun) -> dict[str, str]:
    goods = run.goods
    if name in ("$with_pib", "$released"):
        number, size = goods.with_pib if name == "$with_pib" else goods.released
        return {"number": number, "size": size}
    if name in goods.special:  # $lcl, $excise, $consolidated, $reused
        return goods.take_special(name)
    fresh = goods.take_containers(1)[0]
    if name == "$bad_check_digit":
        return {"number": wrong_check_digit(fresh["number"]), "size": fresh["size"]}
    raise ValueError(f"unknown goods {name}")
