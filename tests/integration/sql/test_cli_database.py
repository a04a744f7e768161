"""The `plp-online` commands name the database they use, and only `serve` and `db upgrade`
create one (issue 16: run from another directory, `accounts api-key` made a new, empty
plp-online.db there and then said "no account tpka")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from app.adapters.sql.database import normalise_url
from app.cli import main
from app.config import get_settings

HINT = "run `plp-online db upgrade` or set PLP_DATABASE_URL"


@pytest.fixture
def plp_online(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """Runs the command in an empty directory, with PLP_DATABASE_URL as given (None: unset)."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str, url: str | None) -> Result:
        if url is None:
            monkeypatch.delenv("PLP_DATABASE_URL", raising=False)
        else:
            monkeypatch.setenv("PLP_DATABASE_URL", url)
        get_settings.cache_clear()
        return CliRunner().invoke(main, list(args))

    yield run
    get_settings.cache_clear()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database that exists but was never migrated: an empty SQLite file, an empty schema."""
    if request.param == "sqlite":
        file = tmp_path / "data" / "empty.db"
        file.parent.mkdir()
        file.touch()
        return f"sqlite:///{file}"
    make: Callable[[], str] = request.getfixturevalue("make_empty_pg_database")
    return make()


def _tables(url: str) -> list[str]:
    engine = create_engine(normalise_url(url))
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_cli_refuses_to_create_a_database_in_another_directory(
    plp_online: Callable[..., Result], tmp_path: Path
) -> None:
    result = plp_online("accounts", "api-key", "tpka", url=None)

    assert result.exit_code == 2
    expected = tmp_path.resolve() / "plp-online.db"
    assert "database: sqlite:///plp-online.db" in result.stderr
    assert f"error: no database at {expected}; {HINT}" in result.stderr
    assert not expected.exists()
    assert result.stdout == ""


def test_cli_refuses_a_database_never_migrated_and_db_upgrade_creates_it(
    plp_online: Callable[..., Result], empty_url: str
) -> None:
    refused = plp_online("accounts", "list", url=empty_url)

    assert refused.exit_code == 2
    assert "error: no database at " in refused.stderr and HINT in refused.stderr
    assert _tables(empty_url) == []  # refusing changed nothing

    upgraded = plp_online("db", "upgrade", url=empty_url)
    assert upgraded.exit_code == 0, upgraded.output
    assert upgraded.stderr.startswith("database: ")
    assert "alembic_version" in _tables(empty_url)

    listed = plp_online("accounts", "list", url=empty_url)
    assert listed.exit_code == 0, listed.output


def test_cli_names_the_database_it_uses_with_the_password_masked(
    plp_online: Callable[..., Result], db_url: str
) -> None:
    url = make_url(normalise_url(db_url))
    if url.get_backend_name() == "postgresql":
        url = url.set(password="s3cret-pw")  # the test server trusts any password
    shown = url.render_as_string(hide_password=True)

    result = plp_online("accounts", "list", url=url.render_as_string(hide_password=False))

    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == f"database: {shown}"
    assert "s3cret-pw" not in result.output
    assert "tpka" in result.stdout  # the demo accounts of that database, not an empty new one
