"""The kept answers of the hot reads (issue 13): served only while the revision, the clock
window and the reference data all still hold; bounded by bytes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.api.http import answer_cache
from app.api.http.answer_cache import AnswerCache
from app.config import Settings

T0 = datetime(2026, 12, 16, 3, 0, tzinfo=UTC)
S = timedelta(seconds=1)


class Revisions:
    """A database revision the test moves on by hand."""

    round_trip = False

    def __init__(self) -> None:
        self.value: object | None = 1
        self.reads = 0

    def current(self) -> object | None:
        self.reads += 1
        return self.value

    def close(self) -> None:
        pass


@pytest.fixture
def monotonic(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """answer_cache's monotonic clock, moved by hand: starts well past the settling time."""
    now = [1000.0]
    monkeypatch.setattr(answer_cache.time, "monotonic", lambda: now[0])
    return now


def settled(cache: AnswerCache, monotonic: list[float], revision: object) -> None:
    """Sees the revision, then lets the reference data's reload time pass."""
    cache.get("warm", revision, T0)
    monotonic[0] += answer_cache.REFERENCE_TTL


def kept(cache: AnswerCache, key: Any = "k", body: bytes = b"{}", **kw: Any) -> None:
    revision = kw.pop("revision", 1)
    started = kw.pop("started", T0)
    cache.keep(key, revision, body, started, kw.pop("finished", started), kw.pop("until", None))


def test_an_answer_is_served_until_anything_is_committed(monotonic: list[float]) -> None:
    revisions = Revisions()
    cache = AnswerCache(revisions, 1 << 20)  # type: ignore[arg-type]
    settled(cache, monotonic, revisions.current())
    kept(cache, body=b'{"a":1}')

    assert cache.get("k", revisions.current(), T0 + timedelta(days=3)) == b'{"a":1}'
    revisions.value = 2  # another instance committed
    assert cache.get("k", revisions.current(), T0) is None
    assert cache.get("k", 1, T0) is None  # and the old revision's answers are gone


def test_an_answer_built_before_the_last_commit_is_not_kept(monotonic: list[float]) -> None:
    cache = AnswerCache(Revisions(), 1 << 20)  # type: ignore[arg-type]
    settled(cache, monotonic, 2)
    kept(cache, revision=1)  # read its data before revision 2 was seen

    assert cache.get("k", 2, T0) is None


def test_an_answer_lives_only_while_its_clocks_show_the_same(monotonic: list[float]) -> None:
    cache = AnswerCache(Revisions(), 1 << 20)  # type: ignore[arg-type]
    settled(cache, monotonic, 1)
    kept(cache, started=T0, finished=T0 + S, until=T0 + 40 * S)

    assert cache.get("k", 1, T0 + S) is not None
    assert cache.get("k", 1, T0 + 39 * S) is not None
    assert cache.get("k", 1, T0 + 40 * S) is None  # the SLA's next minute
    assert cache.get("k", 1, T0 - S) is None  # the test clock moved back


def test_a_standing_clock_is_served_at_its_instant(monotonic: list[float]) -> None:
    cache = AnswerCache(Revisions(), 1 << 20)  # type: ignore[arg-type]
    settled(cache, monotonic, 1)
    kept(cache, started=T0, finished=T0, until=T0)  # a span of none: changes right after

    assert cache.get("k", 1, T0) is not None
    assert cache.get("k", 1, T0 + timedelta(microseconds=1)) is None


def test_answers_of_a_new_revision_wait_for_the_reference_data(monotonic: list[float]) -> None:
    cache = AnswerCache(Revisions(), 1 << 20)  # type: ignore[arg-type]
    cache.get("k", 7, T0)  # revision 7 seen now: offices and closed days may be older
    kept(cache, revision=7)
    monotonic[0] += answer_cache.REFERENCE_TTL - 0.5
    assert cache.get("k", 7, T0) is not None
    monotonic[0] += 0.5
    assert cache.get("k", 7, T0) is None  # rebuilt on reference data read since
    kept(cache, revision=7)
    monotonic[0] += 3600
    assert cache.get("k", 7, T0) is not None


def test_the_least_recently_used_answers_leave_first(monotonic: list[float]) -> None:
    cache = AnswerCache(Revisions(), 300)  # type: ignore[arg-type]
    settled(cache, monotonic, 1)
    for key in "abc":
        kept(cache, key, b"x" * 100)
    assert cache.get("a", 1, T0) is not None  # a is used again: b is now the oldest
    kept(cache, "d", b"x" * 100)

    assert [cache.get(k, 1, T0) is not None for k in "abcd"] == [True, False, True, True]
    kept(cache, "huge", b"x" * 301)
    assert cache.get("huge", 1, T0) is None


def test_an_unknown_revision_keeps_nothing(monotonic: list[float]) -> None:
    revisions = Revisions()
    revisions.value = None  # the database could not say
    cache = AnswerCache(revisions, 1 << 20)  # type: ignore[arg-type]
    kept(cache, revision=asyncio.run(cache.revision()))

    assert cache.get("k", asyncio.run(cache.revision()), T0) is None


def test_no_budget_means_no_cache_and_no_revision_read() -> None:
    class Refusing(Revisions):
        def current(self) -> object | None:
            raise AssertionError("read although nothing may be kept")

    cache = AnswerCache(Refusing(), 0)  # type: ignore[arg-type]

    assert asyncio.run(cache.revision()) is None
    assert Settings(answer_cache_mib=0).answer_cache_mib == 0


def test_ready_readers_share_one_round_trip_sent_after_them() -> None:
    """PostgreSQL: the reads the event loop has ready join one revision read, sent once they
    have all asked; a reader asking after it was sent waits for a read of its own."""
    revisions = Revisions()
    revisions.round_trip = True
    cache = AnswerCache(revisions, 1 << 20)  # type: ignore[arg-type]

    async def scene() -> list[object | None]:
        together = await asyncio.gather(*(cache.revision() for _ in range(5)))
        assert revisions.reads == 1
        revisions.value = 2  # committed after that read was sent
        later = await cache.revision()
        return [*together, later]

    assert asyncio.run(scene()) == [1, 1, 1, 1, 1, 2]
    assert revisions.reads == 2


def test_a_reader_that_goes_away_leaves_the_shared_read_to_the_others() -> None:
    revisions = Revisions()
    revisions.round_trip = True
    cache = AnswerCache(revisions, 1 << 20)  # type: ignore[arg-type]

    async def scene() -> object | None:
        leaving = asyncio.ensure_future(cache.revision())
        staying = asyncio.ensure_future(cache.revision())
        await asyncio.sleep(0)
        leaving.cancel()
        return await staying

    assert asyncio.run(scene()) == 1
