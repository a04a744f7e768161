"""Grading of the submission scenarios: the request itself, a refusal, the outage and the
password change (PLP-01, 08, 15, 16)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.domain.conformance import evidence as ev
from app.domain.conformance.checks import active, at, check
from app.domain.conformance.checks import submission_accepted as accepted
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Action, Check, Observed, ScenarioSpec

# Protocol §2.1: sender-made, 16 characters in practice, 15-30 seen; never require exactly 16.
REF_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{5,29}")


def plp01(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    ok = ev.first_accepted(messages, Action.SUBMIT)
    checks = [accepted(messages, spec.rule)]
    if ok is None:
        return checks
    ref = ok.ref_number or ""
    refs = {m.ref_number for m in ev.client(messages, Action.SUBMIT) if ev.outcome(m) == "accepted"}
    checks.append(
        check(
            "ref_number_well_formed",
            bool(REF_NUMBER.fullmatch(ref)),
            "REF_NUMBER of 6-30 letters, digits or . _ / -",
            f"REF_NUMBER {ref!r} at #{ok.seq}",
            "TPS Online §2.1 REF_NUMBER",
            [ok.seq],
        )
    )
    checks.append(
        check(
            "one_submission",
            len(refs) == 1 and ref != data.partner_ref,
            "one REF_NUMBER, new, for these goods",
            f"REF_NUMBERs accepted: {', '.join(sorted(r or '' for r in refs))}",
            "R1; E5",
            [ok.seq],
        )
    )
    expected = {
        "kd_tps_asal": data.origin_tps,
        "gudang_asal": data.origin_gudang,
        "kd_tps_tujuan": data.destination_tps,
        "gudang_tujuan": data.destination_gudang,
        "no_bc11": data.bc11_number,
        **({"kd_kantor": data.office} if data.office else {}),
    }
    wrong = {k: ok.details.get(k, "absent") for k, v in expected.items() if ok.details.get(k) != v}
    if sorted(ok.containers) != sorted(data.numbers):
        wrong["containers"] = ",".join(ok.containers) or "none"
    checks.append(
        check(
            "codes_match",
            not wrong,
            ", ".join(f"{k}={v}" for k, v in expected.items())
            + f", containers={','.join(data.numbers)}",
            ", ".join(f"{k}={v}" for k, v in wrong.items()) or "all as given",
            "E1; E2; E7",
            [ok.seq],
        )
    )
    return checks


def plp08(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    subs = ev.client(messages, Action.SUBMIT)
    refused = next((m for m in subs if ev.outcome(m) == ev.REFUSED), None)
    checks = [
        check(
            "submission_refused",
            refused is not None,
            f"the goods are submitted and refused ({data.refusal})",
            f"refused at #{refused.seq}: {refused.result}"
            if refused
            else f"none refused ({at(subs)})",
            spec.rule,
            [refused.seq] if refused else ev.seqs(subs),
        )
    ]
    if refused is None:
        return checks
    same = [m for m in ev.after(subs, refused.seq) if _same_document(m, refused)]
    checks.append(
        check(
            "no_unchanged_resend",
            not same,
            f"the document of #{refused.seq} never sent again unchanged",
            f"sent again unchanged at {at(same)}" if same else "not resent unchanged",
            spec.rule,
            [refused.seq, *ev.seqs(same)],
        )
    )
    return checks


def _same_document(m: Observed, refused: Observed) -> bool:
    digest = refused.details.get("goods_digest")
    if digest and m.details.get("goods_digest"):
        return m.details["goods_digest"] == digest
    return sorted(m.containers) == sorted(refused.containers) and m.request == refused.request


def plp15(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    down = ev.move(messages, "advance_clock") or ev.move(messages, "declare_outage")
    if down is None:
        return [check("outage_declared", False, "outage declared", "never declared", spec.rule)]
    sent = ev.client(ev.after(messages, down.seq), Action.SUBMIT)
    over = [m for m in sent if ev.outcome(m) == ev.ACCEPTED] + sent[1:]
    return [
        active(messages, spec.rule),
        check(
            "stopped_submitting",
            not over,
            "at most one submission (refused) during the manual procedure",
            f"{len(sent)} submission(s) after #{down.seq}: {at(sent)}",
            spec.rule,
            ev.seqs(sent),
        ),
    ]


def plp16(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    change = ev.first_accepted(messages, Action.CHANGE_PASSWORD)
    tried = ev.client(messages, Action.CHANGE_PASSWORD)
    checks = [
        check(
            "password_changed",
            change is not None,
            "a password change accepted",
            f"at #{change.seq}" if change else f"none accepted ({at(tried)})",
            spec.rule,
            [change.seq] if change else ev.seqs(tried),
        )
    ]
    if change is None:
        return checks
    later = ev.client(ev.after(messages, change.seq))
    new = [m for m in later if _credential(m) == "new"]
    old = [m for m in later if _credential(m) == "old"]
    checks.append(
        check(
            "new_password_used",
            bool(new),
            "a message authenticated with the new password",
            f"at #{new[0].seq}" if new else f"none among {len(later)} later message(s)",
            spec.rule,
            ev.seqs(new[:1]),
        )
    )
    checks.append(
        check(
            "old_password_unused",
            not old,
            "the old password never used again",
            f"used at {at(old)}" if old else "not used",
            spec.rule,
            ev.seqs(old),
        )
    )
    return checks


AUTH_REFUSALS = ("password salah", "invalid credentials", "unauthorized", "invalid_grant")


def _credential(m: Observed) -> str:
    """Which password a message after the change used: as recorded, or else read from the
    answer (the old password no longer authenticates; anything answered needed the new)."""
    if stated := m.details.get("credential"):
        return stated
    said = f"{m.result} {m.reply}".lower()
    if m.status in (401, 403) or any(word in said for word in AUTH_REFUSALS):
        return "old"
    return "new" if ev.outcome(m) in (ev.ACCEPTED, ev.EMPTY) else ""
