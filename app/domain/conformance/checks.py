"""Checks several scenarios share: a submission accepted, a decision fetched, a poll rate kept,
no gate-out of goods that may not move. Each names its rule, what was expected and what the
evidence showed, with the seq numbers that decided it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from app.domain.conformance import evidence as ev
from app.domain.conformance.model import Action, Check, Observed, ScenarioSpec
from app.domain.gate_report import GateMove

# Clocks of two machines differ; timing jitter of a busy host too (M6 "a few minutes").
CLOCK_SKEW_SECONDS = 300
TIMER_SLACK_SECONDS = 0.25


def check(
    name: str,
    passed: bool,
    expected: str,
    observed: str,
    rule: str,
    evidence: Iterable[int] = (),
) -> Check:
    return Check(f"conformance.check.{name}", passed, expected, observed, rule, tuple(evidence))


def at(messages: Sequence[Observed]) -> str:
    return ", ".join(f"#{m.seq}" for m in messages) or "none"


def submission_accepted(messages: Sequence[Observed], rule: str) -> Check:
    subs = ev.client(messages, Action.SUBMIT)
    ok = ev.first_accepted(messages, Action.SUBMIT)
    seen = (
        f"accepted REF_NUMBER {ok.ref_number} at #{ok.seq}"
        if ok
        else f"{len(subs)} submission(s), none accepted ({at(subs)})"
    )
    return check(
        "submission_accepted",
        ok is not None,
        "a submission accepted",
        seen,
        rule,
        [ok.seq] if ok else ev.seqs(subs),
    )


def fetched(
    messages: Sequence[Observed],
    move_name: str,
    actions: tuple[Action, ...],
    rule: str,
    name: str = "response_fetched",
) -> Check:
    """A poll of `actions` after the simulator's `move_name` handed the decision over."""
    wanted = "/".join(a.value for a in actions)
    decision = ev.move(messages, move_name)
    if decision is None:
        return check(
            name,
            False,
            f"{wanted} handing over the decision of {move_name}",
            f"{move_name} never carried out (no accepted submission to decide)",
            rule,
        )
    keys = ev.keys_of(decision)
    if Action.POLL_DESTINATION in actions and "no_plp" not in decision.details:
        keys = set()  # destination answers name the NO_PLP only, which this record lacks
    later = ev.client(ev.after(messages, decision.seq), *actions)
    got = next((m for m in later if ev.delivered(m, keys)), None)
    seen = (
        f"handed over at #{got.seq}"
        if got
        else f"{len(later)} {wanted} after #{decision.seq}, none handed it over ({at(later)})"
    )
    return check(
        name,
        got is not None,
        f"{wanted} handing over the decision of #{decision.seq}",
        seen,
        rule,
        [decision.seq, got.seq] if got else [decision.seq, *ev.seqs(later)],
    )


def poll_rate(spec: ScenarioSpec, messages: Sequence[Observed]) -> list[Check]:
    """The stated minimum gap between two polls of one kind (wall time)."""
    stated = spec.params.get("min_poll_gap_seconds")
    if stated is None:
        return []
    gap = float(stated)
    worst: tuple[float, Observed, Observed] | None = None
    for action in (Action.POLL_RESPONSE, Action.POLL_DESTINATION, Action.POLL_CANCELLATION):
        polls = ev.client(messages, action)
        for a, b in itertools.pairwise(polls):
            seconds = (b.at - a.at).total_seconds()
            if worst is None or seconds < worst[0]:
                worst = (seconds, a, b)
    too_fast = worst is not None and worst[0] < gap - TIMER_SLACK_SECONDS
    seen = "fewer than two polls of one kind" if worst is None else f"{worst[0]:.2f} s"
    if worst is not None:
        seen += f" between #{worst[1].seq} and #{worst[2].seq} (shortest gap)"
    return [
        check(
            "poll_rate",
            not too_fast,
            f"polls of one kind at least {stated} s apart",
            seen,
            f"{spec.rule}; stated rate",
            [worst[1].seq, worst[2].seq] if worst else [],
        )
    ]


# Reports that bring goods in; any other report of the goods (a PLP gate-out, a release
# under an SPPB, codes outside the table) takes them out of the origin.
INWARD = frozenset({GateMove.DISCHARGE, GateMove.PLP_IN, GateMove.RECEIVE})


def no_gate_out(messages: Sequence[Observed], containers: Sequence[str], rule: str) -> Check:
    """No gate-out of any kind reported for these containers (M1: not approved)."""
    bad = [
        m
        for m in ev.client(messages, Action.GATE_REPORT)
        if set(m.containers) & set(containers) and ev.gate_move(m) not in INWARD
    ]
    return check(
        "no_gate_out",
        not bad,
        f"no gate-out of {', '.join(containers)}",
        f"gate-out reported at {at(bad)}" if bad else "none reported",
        rule,
        ev.seqs(bad),
    )


def active(messages: Sequence[Observed], rule: str) -> Check:
    """The client took part at all (a scenario cannot pass on silence)."""
    sent = ev.client(messages)
    return check(
        "client_active",
        bool(sent),
        "the client sends messages during the scenario",
        f"{len(sent)} message(s)",
        rule,
        ev.seqs(sent[:1]),
    )
