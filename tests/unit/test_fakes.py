"""The fakes keep the contract of the ports they stand for, so use-case tests can trust them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.errors import ConflictError, DuplicateSubmissionError
from tests.fakes import FakeNumberSequence, FakePlpRequestRepository, FakeUnitOfWork
from tests.unit.builders import OFFICE, header, in_review


def test_fake_repository_refuses_a_second_request_under_the_same_reference() -> None:
    repo = FakePlpRequestRepository()
    repo.add(in_review())
    twin = replace(in_review(), id="req-2", lines=[])

    with pytest.raises(DuplicateSubmissionError):
        repo.add(twin)


def test_fake_repository_refuses_goods_active_in_another_request() -> None:
    repo = FakePlpRequestRepository()
    repo.add(in_review())
    other = replace(in_review(), id="req-2", header=header(ref_number="TPKA-0002"))

    with pytest.raises(DuplicateSubmissionError):
        repo.add(other)


def test_fake_repository_refuses_a_stale_save() -> None:
    repo = FakePlpRequestRepository()
    repo.add(in_review())
    first, second = repo.get("req-1"), repo.get("req-1")
    assert first is not None and second is not None
    repo.save(first)

    with pytest.raises(ConflictError):
        repo.save(second)


def test_fake_unit_of_work_rolls_back_what_was_not_committed() -> None:
    uow = FakeUnitOfWork(sequences=FakeNumberSequence())

    with uow:
        uow.plp_requests.add(in_review())
        uow.sequences.next(OFFICE, "PLP", 2026)
    with uow:
        number = uow.sequences.next(OFFICE, "PLP", 2026)
        stored = uow.plp_requests.get("req-1")

    assert (uow.committed, number, stored) == (False, 1, None)
