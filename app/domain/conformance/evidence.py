"""Reading the evidence: what the channels record about each message, and the questions the
director and the grading ask of it. Grading reads `Observed.action`, `ref_number`,
`containers`, `fault` and these details, never a protocol's wire text (only where a detail is
missing, the status and the short result string), so a scenario grades alike over SOAP, H2H
and REST.

The `Observed.details` keys the channels fill (CORE-B), every value a string:

every client message
    outcome      what the simulator did with it: `accepted` (done: a submission or
                 cancellation taken, a report recorded, a password changed, a poll that handed
                 over a response), `refused` (a business refusal: GAGAL/KD_RES, a 4xx problem,
                 an H2H error code), `empty` (a poll with nothing to hand over: "Data tidak
                 ditemukan"), `failed` (5xx, injected fault before any work). A dropped reply
                 after commit is `accepted` (the work was done) with `status` None.
    clock        the simulator's clock (test clock) when the message arrived, ISO 8601 with
                 offset; `Observed.at` is the wall-clock time (rates and retry gaps use it)
    replied_at   wall-clock time the reply left, ISO 8601 (differs from `at` under LATENCY)
    credential   `new` when it authenticated with the password set by this scenario's
                 password change, `old` when it tried the password valid before that change,
                 absent before any change (PLP-16); without it, a later message refused
                 for its credentials (401/403, "password salah") counts as the old password
                 and one answered as the new
    manual       `1` when the answer said the manual procedure is in force (F2)
SUBMIT
    kd_kantor, kd_tps_asal, kd_tps_tujuan, gudang_asal, gudang_tujuan, no_bc11,
    tgl_bc11 (ISO date) as sent; `Observed.ref_number` and `Observed.containers` as sent
    goods_digest a digest of the content without its own numbers (REF_NUMBER, letter
                 number and date): equal digests = the same document resent unchanged (PLP-08)
CANCEL, OUT_OF_HOURS_NOTICE
    no_plp       the PLP number cited (the REF_NUMBER of the request in `ref_number`)
ON_DEMAND, LOOKUP
    `Observed.ref_number` the REF_NUMBER asked for, if any (PLP-06: asking counts as recovery)
POLL_RESPONSE, POLL_DESTINATION, POLL_CANCELLATION, ON_DEMAND
    delivered    comma list of what the reply handed over: REF_NUMBERs for origin and
                 cancellation responses, NO_PLPs for destination responses; absent when empty
GATE_REPORT
    kd_dok, kd_dok_inout, no_dok_inout (the PLP number cited)
    seals        comma list aligned with `Observed.containers` (several seals of one
                 container joined with `+`; empty entry when none)
    gate_times   comma list of the times as sent, aligned with `containers` (ISO 8601, SOAP
                 yyyyMMddHHmmss or H2H dd-MM-yyyy HH:mm:ss; without a zone they are WIB)

simulator records (Direction.SIMULATOR): every Move carried out is recorded once, at once,
with `operation` = the MoveKind value, `ref_number` of the request it acted on, and details
`move` (the Move's name), `clock` (the test clock after the move) and the Move's params;
`result` says what became of it: a move whose result starts "not possible" did not happen and
is not evidence of a decision. APPROVE should add `no_plp` (the number given): without it a
destination poll handing over any NO_PLP counts as handing this approval over.
A push callback is recorded as Action.PUSH with `delivered` as above (PLP-13: two pushes of
the approval count as a duplicate delivery).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone

from app.domain.conformance.model import Action, Direction, Observed
from app.domain.gate_report import ACCEPTED as GATE_MOVES
from app.domain.gate_report import GateMove

ACCEPTED, REFUSED, EMPTY, FAILED = "accepted", "refused", "empty", "failed"
NOT_POSSIBLE = "not possible"  # a move's `result` when the client's state did not allow it
POLLS = frozenset(
    {Action.POLL_RESPONSE, Action.POLL_DESTINATION, Action.POLL_CANCELLATION, Action.ON_DEMAND}
)


def outcome(m: Observed) -> str:
    """The recorded outcome; failing that, what the status and result string say."""
    if stated := m.details.get("outcome"):
        return stated
    text = m.result.lower()
    if m.status is None or m.status >= 500:
        return FAILED
    if "tidak ditemukan" in text:
        return EMPTY
    if "gagal" in text or m.status >= 400:
        return REFUSED
    return ACCEPTED


def client(messages: Iterable[Observed], *actions: Action) -> list[Observed]:
    """The client's messages (of those actions, if named), in order."""
    return [
        m
        for m in messages
        if m.direction is Direction.CLIENT and (not actions or m.action in actions)
    ]


def move(messages: Iterable[Observed], name: str) -> Observed | None:
    """The simulator's record of the move of that name, if it was carried out."""
    return next(
        (
            m
            for m in messages
            if m.direction is Direction.SIMULATOR
            and m.details.get("move") == name
            and not m.details.get("result", "").startswith(NOT_POSSIBLE)
        ),
        None,
    )


def after(messages: Iterable[Observed], seq: int) -> list[Observed]:
    return [m for m in messages if m.seq > seq]


def first_accepted(messages: Iterable[Observed], action: Action) -> Observed | None:
    return next((m for m in client(messages, action) if outcome(m) == ACCEPTED), None)


def delivered(m: Observed, keys: Iterable[str | None] = ()) -> bool:
    """Did this poll (or push) hand something over (one of `keys`, if named)?"""
    items = {i for i in m.details.get("delivered", "").split(",") if i}
    wanted = {k for k in keys if k}
    took = bool(items) or (m.action in POLLS and outcome(m) == ACCEPTED)
    if not wanted or not items:
        return took
    return bool(items & wanted)


def keys_of(record: Observed) -> set[str]:
    """What a poll may list when it hands over the outcome of this move (REF_NUMBERs, NO_PLP)."""
    named = (record.details.get(k) for k in ("no_plp", "cancellation_ref", "no_batal_plp"))
    return {k for k in (record.ref_number, *named) if k}


def listed(m: Observed, key: str) -> list[str]:
    """A comma-list detail, one entry per container."""
    raw = m.details.get(key, "")
    return raw.split(",") if raw else []


def gate_move(m: Observed) -> GateMove | None:
    """What a gate report reports, from its KD_DOK / KD_DOK_INOUT (gate_report.py's table)."""
    kd_dok, inout = m.details.get("kd_dok", ""), m.details.get("kd_dok_inout", "")
    if not (kd_dok.isdigit() and inout.isdigit()):
        return None
    return GATE_MOVES.get((int(kd_dok), int(inout)))


def gate_reports(messages: Iterable[Observed], kind: GateMove) -> list[Observed]:
    return [m for m in client(messages, Action.GATE_REPORT) if gate_move(m) is kind]


def clock(m: Observed) -> datetime:
    """The simulator's time of a message or move (its wall time if the clock was not recorded)."""
    stated = time_or_none(m.details.get("clock", ""))
    return stated or (m.at if m.at.tzinfo else m.at.replace(tzinfo=WIB))


# Wire times without a zone are WIB (protocol §2: WK_INOUT; H2H §4: waktuInOut).
WIB = timezone(timedelta(hours=7))
_DMY_TIME = re.compile(r"(\d{2})-(\d{2})-(\d{4})[ T]+(\d{2}):(\d{2}):(\d{2})")


def time_or_none(text: str) -> datetime | None:
    """A gate time as any channel sends it: ISO 8601, SOAP `yyyyMMddHHmmss`, H2H
    `dd-MM-yyyy HH:mm:ss` (one or two spaces or a T); None if it is none of these."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{14}", text):
            at = datetime.strptime(text, "%Y%m%d%H%M%S")  # noqa: DTZ007 (WIB, set below)
        elif found := _DMY_TIME.fullmatch(text):
            day, month, year, hour, minute, second = map(int, found.groups())
            at = datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 (WIB below)
        else:
            at = datetime.fromisoformat(text)
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=WIB)


def seqs(messages: Sequence[Observed]) -> tuple[int, ...]:
    return tuple(m.seq for m in messages)
