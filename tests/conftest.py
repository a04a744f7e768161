"""Shared fixtures: databases (SQLite and PostgreSQL, both migrated and seeded with the demo
data), the app on either, logins, and request bodies built from the demo manifest."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.adapters.sql.database import Database, normalise_url
from app.config import Settings
from app.main import prepare_database
from tests.support import Api, make_api

PG_URL = normalise_url(
    os.environ.get("PLP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
)
# --- databases -------------------------------------------------------------------------------


def _pg_admin_engine() -> Any:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # a missing database fails the run, never skips it
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL}: {exc}", pytrace=False)
    return engine


def _pg_url_for(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    prepare_database(database, Settings(mode="demo", database_url=f"sqlite:///{path}"))
    database.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    admin = _pg_admin_engine()
    name = f"plp_tmpl_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(_pg_url_for(name))
    prepare_database(database, Settings(mode="demo", database_url=_pg_url_for(name)))
    database.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def fresh_sqlite(template: Path, directory: Path) -> str:
    target = directory / f"plp-{uuid.uuid4().hex[:8]}.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def _database_factory(template: str | None) -> Iterator[Callable[[], str]]:
    """Makes PostgreSQL databases (copies of `template`, or empty) and drops them afterwards."""
    admin = _pg_admin_engine()
    created: list[str] = []

    def make() -> str:
        name = f"plp_t_{uuid.uuid4().hex[:10]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        created.append(name)
        return _pg_url_for(name)

    yield make
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def make_pg_database(pg_template: str) -> Iterator[Callable[[], str]]:
    """Migrated PostgreSQL databases with the demo data."""
    yield from _database_factory(pg_template)


@pytest.fixture
def make_empty_pg_database() -> Iterator[Callable[[], str]]:
    """Empty PostgreSQL databases (no schema), for migration tests."""
    yield from _database_factory(None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database with the demo data: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return fresh_sqlite(request.getfixturevalue("sqlite_template"), tmp_path)
    return str(request.getfixturevalue("make_pg_database")())


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    return fresh_sqlite(sqlite_template, tmp_path)


@pytest.fixture
def pg_url(make_pg_database: Callable[[], str]) -> str:
    return make_pg_database()


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = Database(db_url)
    yield db
    db.dispose()


@pytest.fixture
def api(sqlite_url: str) -> Iterator[Api]:
    """The app on a fresh SQLite copy of the demo database."""
    with make_api(sqlite_url) as client:
        yield Api(client)


@pytest.fixture
def api_any_db(db_url: str) -> Iterator[Api]:
    """The app on SQLite, then on PostgreSQL."""
    with make_api(db_url) as client:
        yield Api(client)
