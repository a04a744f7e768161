"""Grading of the scenarios with a fault on the first submission: a lost reply, a 503, a slow
reply (PLP-06, 07, 09): the client retries as it must, and only then."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from app.domain.conformance import evidence as ev
from app.domain.conformance.checks import TIMER_SLACK_SECONDS, at, check
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Action, Check, Fault, Observed, ScenarioSpec


def _faulted(messages: Sequence[Observed], fault: Fault) -> Observed | None:
    return next((m for m in ev.client(messages, Action.SUBMIT) if m.fault is fault), None)


def _retries(messages: Sequence[Observed], first: Observed) -> list[Observed]:
    """Later submissions of the same goods (any container in common)."""
    return [
        m
        for m in ev.client(ev.after(messages, first.seq), Action.SUBMIT)
        if set(m.containers) & set(first.containers) or not first.containers
    ]


def _injected(name: str, fault: Fault, rule: str, messages: Sequence[Observed]) -> Check:
    hit = _faulted(messages, fault)
    subs = ev.client(messages, Action.SUBMIT)
    return check(
        name,
        hit is not None,
        f"a submission meets the fault {fault.value}",
        f"at #{hit.seq}" if hit else f"no submission met it ({at(subs)})",
        rule,
        [hit.seq] if hit else [],
    )


def _retried(first: Observed | None, retries: list[Observed], rule: str) -> Check:
    return check(
        "retried",
        first is not None and bool(retries),
        "the submission is sent again",
        f"resent at {at(retries)}" if retries else "never resent",
        rule,
        ev.seqs(retries[:1]),
    )


def _retry_accepted(retries: list[Observed], rule: str) -> Check:
    ok = next((m for m in retries if ev.outcome(m) == ev.ACCEPTED), None)
    return check(
        "retry_accepted",
        ok is not None,
        "a resend is accepted",
        f"accepted at #{ok.seq}" if ok else f"no resend accepted ({at(retries)})",
        rule,
        [ok.seq] if ok else ev.seqs(retries),
    )


def plp06(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    first = _faulted(messages, Fault.DROP_AFTER_COMMIT)
    checks = [_injected("fault_met", Fault.DROP_AFTER_COMMIT, spec.rule, messages)]
    if first is None:
        return checks
    retries = _retries(messages, first)
    later = ev.client(ev.after(messages, first.seq), Action.ON_DEMAND, Action.LOOKUP)
    asked = [m for m in later if m.ref_number and m.ref_number == first.ref_number]
    other = [m for m in retries if m.ref_number != first.ref_number]
    recovered = retries[:1] or asked[:1]
    checks.append(
        check(
            "recovered",
            bool(recovered),
            f"the submission sent again, or asked for by REF_NUMBER {first.ref_number}",
            f"at #{recovered[0].seq}" if recovered else "neither resent nor asked for",
            spec.rule,
            ev.seqs(recovered),
        )
    )
    checks.append(
        check(
            "same_ref_number",
            not other,
            f"every resend with REF_NUMBER {first.ref_number}",
            ", ".join(f"{m.ref_number} at #{m.seq}" for m in other)
            or f"{len(retries)} resend(s) alike",
            spec.rule,
            [first.seq, *ev.seqs(other)],
        )
    )
    if retries:  # an idempotent resend is answered as accepted again
        checks.append(_retry_accepted(retries, spec.rule))
    return checks


def plp07(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    first = _faulted(messages, Fault.UNAVAILABLE)
    checks = [_injected("fault_met", Fault.UNAVAILABLE, spec.rule, messages)]
    if first is None:
        return checks
    retries = _retries(messages, first)
    checks.append(_retried(first, retries, spec.rule))
    wait = float(spec.params.get("min_retry_seconds", "0"))
    if retries:
        gap = (retries[0].at - first.at).total_seconds()
        checks.append(
            check(
                "retry_gap",
                gap >= wait - TIMER_SLACK_SECONDS,
                f"resend at least {wait:g} s after the 503",
                f"{gap:.2f} s (#{first.seq} -> #{retries[0].seq})",
                spec.rule,
                [first.seq, retries[0].seq],
            )
        )
    checks.append(_retry_accepted(retries, spec.rule))
    return checks


def plp09(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    first = _faulted(messages, Fault.LATENCY)
    checks = [_injected("fault_met", Fault.LATENCY, spec.rule, messages)]
    if first is None:
        return checks
    held = float(spec.params.get("latency_seconds", "0"))
    stated = ev.time_or_none(first.details.get("replied_at", ""))
    replied: datetime = stated or first.at + timedelta(seconds=held)
    overlap = [m for m in _retries(messages, first) if m.at < replied]
    checks.append(
        check(
            "one_in_flight",
            not overlap,
            f"no other submission before the reply to #{first.seq} ({replied.isoformat()})",
            f"sent while in flight at {at(overlap)}" if overlap else "none in flight",
            spec.rule,
            [first.seq, *ev.seqs(overlap)],
        )
    )
    checks.append(
        check(
            "first_accepted",
            ev.outcome(first) == ev.ACCEPTED,
            f"#{first.seq} accepted",
            ev.outcome(first),
            spec.rule,
            [first.seq],
        )
    )
    return checks
