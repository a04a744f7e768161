"""The RASCI matrix (section 2): each action has its role, TPS and supervisors their scope."""

from __future__ import annotations

import pytest

from app.domain.actor import SYSTEM_ACTOR, Actor, Role
from app.domain.authorization import Action, can_view, require
from app.domain.errors import ForbiddenError, PlpNotFoundError
from app.domain.plp_request import PlpRequest
from app.domain.reasons import PlpReason
from tests.unit.builders import (
    ADMIN,
    CFSB,
    DEST_SUP,
    KASUBSI,
    KOJA,
    MANIFEST,
    ORIGIN_SUP,
    OTHER_OFFICE,
    P2,
    P2_SECTION,
    TPKA,
    in_review,
    officer,
)

A = Action
# section 2: who does what, on a request of TPKA (origin, applicant) to CFSB
DOER = {
    A.RECOMMEND_MANIFEST: MANIFEST,
    A.RECOMMEND_P2: P2,
    A.DECIDE: KASUBSI,
    A.CHECK_ORIGIN: ORIGIN_SUP,
    A.FOLLOW_UP: MANIFEST,
    A.GATE_OUT: TPKA,
    A.CHECK_DESTINATION: DEST_SUP,
    A.INVESTIGATE: P2_SECTION,
    A.GATE_IN: TPKA,
    A.CANCEL: TPKA,
    A.DECIDE_CANCELLATION: KASUBSI,
}
EVERYONE = [MANIFEST, P2, KASUBSI, ORIGIN_SUP, DEST_SUP, P2_SECTION, TPKA, CFSB, ADMIN]


def allowed(actor: Actor, action: Action, request: PlpRequest) -> bool:
    try:
        require(actor, action, request)
    except (ForbiddenError, PlpNotFoundError):
        return False
    return True


WRONG_ROLE = [
    pytest.param(action, actor, id=f"{action.name}-{actor.username}")
    for action, doer in DOER.items()
    for actor in EVERYONE
    if actor.role is not doer.role
]


@pytest.mark.parametrize(("action", "actor"), list(DOER.items()))
def test_rasci_each_action_is_open_to_its_role(action: Action, actor: Actor) -> None:
    request = in_review()

    assert allowed(actor, action, request)


@pytest.mark.parametrize(("action", "actor"), WRONG_ROLE)
def test_rasci_every_other_role_is_forbidden(action: Action, actor: Actor) -> None:
    request = in_review()

    with pytest.raises(ForbiddenError):
        require(actor, action, request)


@pytest.mark.parametrize("action", list(Action))
def test_rasci_tps_that_is_neither_origin_nor_destination_finds_nothing(action: Action) -> None:
    request = in_review()

    with pytest.raises(PlpNotFoundError):
        require(KOJA, action, request)


@pytest.mark.parametrize("action", list(Action))
def test_rasci_officer_of_another_office_finds_nothing(action: Action) -> None:
    request = in_review()
    stranger = officer(DOER[action].role, OTHER_OFFICE, supervises=("TPKA", "CFSB"))

    with pytest.raises(PlpNotFoundError):
        require(stranger, action, request)


@pytest.mark.parametrize("supervises", [(), ("KOJA",), ("CFSB",)])
def test_m2_origin_supervisor_acts_only_on_the_tps_supervised(supervises: tuple[str, ...]) -> None:
    request = in_review()
    supervisor = officer(Role.ORIGIN_SUPERVISOR, supervises=supervises)

    with pytest.raises(ForbiddenError):
        require(supervisor, A.CHECK_ORIGIN, request)


@pytest.mark.parametrize("supervises", [(), ("KOJA",), ("TPKA",)])
def test_m4_destination_supervisor_acts_only_on_the_tps_supervised(
    supervises: tuple[str, ...],
) -> None:
    request = in_review()
    supervisor = officer(Role.DESTINATION_SUPERVISOR, supervises=supervises)

    with pytest.raises(ForbiddenError):
        require(supervisor, A.CHECK_DESTINATION, request)


def test_l1_cancel_by_a_tps_that_did_not_apply_is_forbidden() -> None:
    request = in_review()  # filed by TPKA, destination CFSB

    with pytest.raises(ForbiddenError):
        require(CFSB, A.CANCEL, request)


def test_l1_destination_that_applied_may_cancel_and_the_origin_may_not() -> None:
    request = in_review(PlpReason.FF_MASTER_AWB, applicant="CFSB")

    by_applicant = allowed(CFSB, A.CANCEL, request)
    with pytest.raises(ForbiddenError):
        require(TPKA, A.CANCEL, request)

    assert by_applicant


def test_m3_destination_that_did_not_apply_may_not_record_the_gate_out() -> None:
    request = in_review()

    with pytest.raises(ForbiddenError):
        require(CFSB, A.GATE_OUT, request)


def test_m3_m5_applicant_and_the_tps_at_each_gate_record_the_times() -> None:
    request = in_review(PlpReason.FF_MASTER_AWB, applicant="CFSB")

    recorders = [
        allowed(TPKA, A.GATE_OUT, request),  # the origin gate
        allowed(CFSB, A.GATE_OUT, request),  # the applicant
        allowed(CFSB, A.GATE_IN, request),  # the applicant at the destination gate
    ]

    assert recorders == [True, True, True]


def test_m5_origin_that_did_not_apply_may_not_record_the_gate_in() -> None:
    request = in_review(PlpReason.FF_MASTER_AWB, applicant="CFSB")

    with pytest.raises(ForbiddenError):
        require(TPKA, A.GATE_IN, request)


def test_rasci_tps_sees_the_requests_of_its_own_tps_only() -> None:
    request = in_review()

    seen = {actor.username: can_view(actor, request) for actor in (TPKA, CFSB, KOJA)}

    assert seen == {"tpka": True, "cfsb": True, "koja": False}


def test_rasci_officers_see_the_requests_of_their_office() -> None:
    request = in_review()
    elsewhere = officer(Role.MANIFEST_OFFICER, OTHER_OFFICE)

    assert (can_view(MANIFEST, request), can_view(elsewhere, request)) == (True, False)


def test_rasci_admin_sees_every_request_but_acts_on_none() -> None:
    request = in_review()

    with pytest.raises(ForbiddenError):
        require(ADMIN, A.DECIDE, request)

    assert can_view(ADMIN, request)


@pytest.mark.parametrize("action", list(Action))
def test_rasci_system_acts_for_simulated_officers(action: Action) -> None:
    request = in_review()

    assert allowed(SYSTEM_ACTOR, action, request)
