"""How the mock client behaves: `good` is the robust TPS system every scenario expects; each
broken profile has one fault real TPS software has, so the pack is seen to fail it (and
`breaks` names the scenarios it must fail: the self-test holds the pack to exactly these)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    new_ref_on_retry: bool = False  # a lost reply: resend with a new REF_NUMBER
    tight_poll: bool = False  # poll again at once, whatever rate is stated
    resend_unchanged: bool = False  # a GAGAL: send the same document again
    gate_out_rejected: bool = False  # report a gate-out for every container filed
    breaks: frozenset[str] = frozenset()


PROFILES = {
    p.name: p
    for p in (
        Profile(
            "good",
            "retries a lost reply with the same REF_NUMBER, waits after a 503, polls at the "
            "stated rate, asks on demand after a reply it cannot read, gates out only approved "
            "containers, stops during the manual procedure",
        ),
        Profile(
            "new-ref-on-retry",
            "resends a submission whose reply was lost with a new REF_NUMBER",
            new_ref_on_retry=True,
            breaks=frozenset({"PLP-06"}),
        ),
        Profile(
            "tight-poll",
            "polls for responses again at once, without waiting",
            tight_poll=True,
            breaks=frozenset({"PLP-02"}),
        ),
        Profile(
            "resend-unchanged",
            "sends the same document again after a GAGAL (so also while the manual procedure "
            "is in force)",
            resend_unchanged=True,
            breaks=frozenset({"PLP-08", "PLP-15"}),
        ),
        Profile(
            "gate-out-rejected",
            "reports a gate-out for every container it filed, rejected ones included",
            gate_out_rejected=True,
            breaks=frozenset({"PLP-03", "PLP-04"}),
        ),
    )
}
