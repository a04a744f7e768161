"""The database revision the kept answers hang on (issue 13): it changes with every commit by
any connection of any instance, stays while nothing is committed, and says "unknown" (None)
rather than anything wrong when the database connection breaks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app.adapters.sql import revision as revision_module
from app.adapters.sql.database import Database
from app.adapters.sql.revision import DatabaseRevision
from tests.support import wait_until


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


def ready(revision: DatabaseRevision) -> object:
    """PostgreSQL's connection opens on a thread of its own: None until then."""
    return wait_until(revision.current, "the database revision")


def commit_elsewhere(db_url: str) -> None:
    """A commit by another instance: an engine of its own."""
    other = Database(db_url)
    with other.session() as s:
        s.execute(text("UPDATE office SET name = name || '.' WHERE code = '040300'"))
        s.commit()
    other.dispose()


def test_every_commit_anywhere_changes_the_revision(database: Database, db_url: str) -> None:
    revision = DatabaseRevision(database)
    first = ready(revision)
    assert revision.current() == first  # nothing committed: the same

    with database.session(read_only=True) as s:  # reads commit nothing
        s.execute(text("SELECT count(*) FROM plp_request")).one()
    assert revision.current() == first

    commit_elsewhere(db_url)
    second = revision.current()
    assert second not in (None, first)

    with database.session() as s:  # this instance's own pool
        s.execute(text("UPDATE office SET name = name || '.' WHERE code = '040300'"))
        s.commit()
    assert revision.current() not in (None, first, second)
    revision.close()
    assert revision.current() is None


@pytest.mark.postgres
def test_a_broken_connection_means_unknown_then_recovers(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database(pg_url)
    revision = DatabaseRevision(database)
    ready(revision)
    with database.session() as s:  # the server ends the revision's connection
        s.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        s.commit()
    monkeypatch.setattr(revision_module, "RETRY_AFTER", 0.0)

    assert revision.current() is None  # the answer is unknown: read without kept answers
    assert ready(revision) is not None  # and it reconnects
    revision.close()
    database.dispose()
