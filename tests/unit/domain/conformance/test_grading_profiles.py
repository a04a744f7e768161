"""Issue 17: the grading passes a well-behaved client on every scenario and protocol, and each
broken behaviour the issue names fails exactly the scenarios that test it, and no others."""

from __future__ import annotations

import pytest

from app.adapters import i18n
from app.domain.conformance.catalogue import SCENARIOS, listed
from app.domain.conformance.model import Outcome, Protocol
from tests.unit.domain.conformance.clients import Profile, play
from tests.unit.domain.conformance.story import Story

EVERY = [(s.id, p.value) for p in Protocol for s in listed(p, quirks=True)]
BROKEN = {
    "new REF_NUMBER after a lost reply": (Profile(new_ref_after_loss=True), {"PLP-06"}),
    "a tight poll loop": (Profile(poll_gap=0.2), {"PLP-02"}),
    "gives up after one empty poll": (Profile(stop_after_empty=1), {"PLP-02"}),
    "retries a 503 at once": (Profile(retry_gap=0.5), {"PLP-07"}),
    "resends unchanged after GAGAL": (Profile(resend_after_refusal=True), {"PLP-08"}),
    "gates out rejected goods": (Profile(gate_out_everything=True), {"PLP-03", "PLP-04"}),
    "fails on a cut reply": (Profile(no_on_demand=True), {"PLP-05"}),
    "resends while in flight": (Profile(impatient_after=2), {"PLP-09"}),
    "wrong gate-out codes": (Profile(gate_out_codes=("6", "1")), {"PLP-11", "PLP-13", "PLP-14"}),
    "wrong seals": (Profile(wrong_seals=True), {"PLP-11", "PLP-12"}),
    "gates out a duplicate twice": (Profile(no_dedup=True), {"PLP-13"}),
    "no out-of-hours notice": (Profile(no_notice=True), {"PLP-14"}),
    "keeps submitting in an outage": (Profile(ignore_outage=True), {"PLP-15"}),
    "uses the old password": (Profile(old_password_again=True), {"PLP-16"}),
}


@pytest.mark.parametrize(("scenario_id", "protocol"), EVERY)
def test_a_well_behaved_client_passes(scenario_id: str, protocol: str) -> None:
    story = play(scenario_id, protocol=protocol)
    assert story.failed() == set(), story.checks()
    assert story.outcome() is Outcome.PASSED


@pytest.mark.parametrize("behaviour", BROKEN)
def test_a_broken_client_fails_exactly_its_scenarios(behaviour: str) -> None:
    profile, expected = BROKEN[behaviour]
    failed = {
        s.id
        for s in SCENARIOS
        if play(s.id, profile, "rest" if s.id == "PLP-14" else "soap11").outcome() is Outcome.FAILED
    }
    assert failed == expected


@pytest.mark.parametrize("scenario_id", [s.id for s in SCENARIOS])
def test_a_silent_client_fails_every_scenario(scenario_id: str) -> None:
    assert Story.of(scenario_id).outcome() is Outcome.FAILED


def test_every_check_the_grading_makes_has_its_texts_in_both_languages() -> None:
    keys = {
        c.key
        for profile, _ in [(Profile(), set()), *BROKEN.values()]
        for s in SCENARIOS
        for story in (play(s.id, profile, "rest"), Story.of(s.id))
        for c in story.checks()
    }
    assert len(keys) > 30
    for language in i18n.LANGUAGES:
        assert {k for k in keys if not i18n.translator(language).has(k)} == set()
