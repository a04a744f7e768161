"""The answers written from dicts (json_of) are byte for byte what their models write: the
same fields in the same order, the same dates, times, enums and NaN (issue 13)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from app.api.rest.schemas.plp_out import PageOut, PlpRequestOut
from app.domain.actor import Actor, Role
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import LineDecision, PlpRequest
from app.domain.queues import Page, PlpSummary
from app.domain.sla import MeasuredPage, SlaState, SlaStatus, SlaSummary
from app.domain.status import PlpStatus
from tests.integration.sql.test_repository import KASUBSI, T0, TPKA, _request

SLA = SlaStatus(T0 + timedelta(days=3), timedelta(hours=21), timedelta(hours=5, seconds=59),
                timedelta(hours=15, seconds=1), SlaState.ON_TRACK)  # fmt: skip


def _everything() -> PlpRequest:
    """Every part of a request filled in: recommendations, decision, checks, cancellation."""
    request = _request("OUT", "MSKU1001373", "TGHU1002113")
    request.recommend("manifest", Actor("m", Role.MANIFEST_OFFICER), T0, True, "ok")
    request.recommend("p2", Actor("p", Role.P2_OFFICER), T0, True, "")
    request.decide(
        KASUBSI, T0, True, None, {2: LineDecision(2, False, "no")}, "000042", date(2026, 11, 24)
    )
    request.check_at_origin(Actor("s", Role.ORIGIN_SUPERVISOR), T0, False, ("S1",), "short")
    request.follow_up(Actor("m", Role.MANIFEST_OFFICER), T0, "fixed")
    request.cancel(
        TPKA,
        T0,
        Cancellation(
            "tpka", T0, "wrong", "000007", date(2026, 11, 24), "REF-B", "L-2", date(2026, 11, 24)
        ),
        [],
    )
    return request


def test_a_request_is_written_as_its_model_writes_it() -> None:
    plain = _request("NEW", "MSKU1001373")
    odd = _request("NAN", "MSKU1001373")
    odd.header = replace(odd.header, yor_origin=float("nan"), sor_origin=float("inf"))
    full = _everything()
    for request, sla in ((plain, SLA), (odd, None), (full, SLA), (full, None)):
        for audit in (None, list(request.new_events)):
            fast = PlpRequestOut.json_of(request, sla, audit)
            assert fast == PlpRequestOut.of(request, sla, audit).model_dump_json().encode()
            assert PlpRequestOut.model_validate_json(fast).model_dump_json().encode() == fast
    assert b'"yor_origin":null' in PlpRequestOut.json_of(odd, None)


def test_a_page_is_written_as_its_model_writes_it() -> None:
    first = SlaSummary("a1", "REF-1", PlpStatus.IN_REVIEW, "040300", "TPKA", "TPKA", "CFSB",
                       "YOR_SOR", "rest", T0, T0 + timedelta(days=3), None, 10)  # fmt: skip
    second = replace(first, id="a2", status=PlpStatus.APPROVED, plp_number="000042",
                     deadline_at=None, decided_at=T0 + timedelta(hours=2))  # fmt: skip
    plain = PlpSummary(**{k: v for k, v in vars(first).items() if k != "decided_at"})
    for items, sla, cursor in (
        ([first, second], {"a1": SLA}, "eyJhIjoxfQ"),
        ([plain], {}, None),
        ([], {}, None),
    ):
        fast = PageOut.json_of(MeasuredPage(Page(items), sla), cursor)
        model = PageOut.model_validate_json(fast)
        assert model.model_dump_json().encode() == fast
        assert [i.id for i in model.items] == [i.id for i in items]
    assert b'"decided_at"' not in PageOut.json_of(MeasuredPage(Page([second]), {}), None)


def test_times_a_request_in_another_office_zone_is_written_as_its_model_writes_it() -> None:
    makassar = ZoneInfo("Asia/Makassar")
    full = _everything()
    audit = list(full.new_events)
    fast = PlpRequestOut.json_of(full, SLA, audit, zone=makassar)
    model = PlpRequestOut.of(full, SLA, audit, zone=makassar)
    assert fast == model.model_dump_json(context={"zone": makassar}).encode()
    times = re.findall(rb'"\d{4}-\d\d-\d\dT[^"]*"', fast)
    assert len(times) > 10 and all(t.endswith(b'+08:00"') for t in times), times
