"""The first admin account of PLP_ADMIN_USERNAME and PLP_ADMIN_PASSWORD(_FILE): created at
start on a database without an admin (production: docker-compose.yml), once, by one of several
instances starting together, never changed afterwards, its password never logged."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.adapters import account_admin
from app.adapters.sql.database import Database
from app.config import Settings
from app.domain.actor import Role
from app.domain.errors import ConflictError
from app.main import create_app, prepare_database

PASSWORD = "first-admin-Secret-42"
SECRET = "x" * 48


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema and no account, as a production deployment starts."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'production.db'}"
    make: Callable[[], str] = request.getfixturevalue("make_empty_pg_database")
    return make()


def production(url: str, **admin: Any) -> Settings:
    return Settings(
        mode="production", database_url=url, jwt_secret=SECRET, run_scheduler=False, **admin
    )


def chief(url: str) -> Settings:
    return production(url, admin_username="chief", admin_password=PASSWORD)


@pytest.fixture
def database(empty_url: str) -> Iterator[Database]:
    db = Database(empty_url)
    yield db
    db.dispose()


def login(settings: Settings, username: str, password: str) -> int:
    with TestClient(create_app(settings)) as client:
        data = {"username": username, "password": password}
        return client.post("/api/v1/auth/token", data=data).status_code


def test_first_admin_is_created_on_a_database_without_one_and_can_log_in(
    database: Database, empty_url: str
) -> None:
    settings = chief(empty_url)
    prepare_database(database, settings)

    accounts = account_admin.list_accounts(database)
    assert [(a.username, a.role) for a in accounts] == [("chief", Role.ADMIN)]
    assert login(settings, "chief", PASSWORD) == 200


def test_a_later_start_changes_nothing_even_with_another_password(
    database: Database, empty_url: str
) -> None:
    prepare_database(database, chief(empty_url))
    later = production(empty_url, admin_username="chief", admin_password="another-password")
    prepare_database(database, later)

    assert login(later, "chief", PASSWORD) == 200
    assert login(later, "chief", "another-password") == 401


def test_no_first_admin_when_an_admin_exists(database: Database, empty_url: str) -> None:
    prepare_database(database, production(empty_url))
    account_admin.create_account(database, "root", PASSWORD, Role.ADMIN)

    prepare_database(database, chief(empty_url))

    assert [a.username for a in account_admin.list_accounts(database)] == ["root"]


def test_a_name_taken_by_another_role_is_refused_not_promoted(
    database: Database, empty_url: str
) -> None:
    prepare_database(database, production(empty_url))
    account_admin.create_account(database, "chief", PASSWORD, Role.P2_SECTION)

    with pytest.raises(ConflictError, match="chief exists and is not an admin"):
        prepare_database(database, chief(empty_url))


@pytest.mark.postgres
def test_instances_starting_together_create_one_admin(make_empty_pg_database: Any) -> None:
    url = make_empty_pg_database()
    settings = production(url, admin_username="chief", admin_password=PASSWORD)
    schema = Database(url)
    prepare_database(schema, production(url))  # the schema; the race is on the account
    schema.dispose()  # a pool left to the garbage collector warns in whichever test runs then
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def instance() -> None:
        database = Database(url)
        try:
            start.wait(timeout=30)
            prepare_database(database, settings)
        except BaseException as exc:
            failures.append(exc)
        finally:
            database.dispose()

    threads = [threading.Thread(target=instance) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    database = Database(url)
    accounts = account_admin.list_accounts(database)
    database.dispose()
    assert failures == []
    assert [(a.username, a.role) for a in accounts] == [("chief", Role.ADMIN)]


def test_the_password_comes_from_a_file_without_its_line_end(
    database: Database, empty_url: str, tmp_path: Path
) -> None:
    secret = tmp_path / "plp_admin_password"
    secret.write_text(PASSWORD + "\n")
    settings = production(empty_url, admin_username="chief", admin_password_file=secret)

    prepare_database(database, settings)

    assert login(settings, "chief", PASSWORD) == 200


def test_the_password_is_never_logged(
    database: Database, empty_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    prepare_database(database, chief(empty_url))

    assert "first admin account chief created" in caplog.text
    assert PASSWORD not in caplog.text


@pytest.mark.parametrize(
    ("admin", "message"),
    [
        ({"admin_username": "chief"}, "needs one of PLP_ADMIN_PASSWORD"),
        ({"admin_password": PASSWORD}, "without PLP_ADMIN_USERNAME"),
        (
            {"admin_username": "chief", "admin_password": PASSWORD, "admin_password_file": "f"},
            "needs one of PLP_ADMIN_PASSWORD",
        ),
        ({"admin_username": "a b", "admin_password": PASSWORD}, "admin_username"),
    ],
)
def test_incomplete_settings_are_refused_without_showing_the_password(
    admin: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        production("sqlite://", **admin)

    assert PASSWORD not in str(refused.value)


@pytest.mark.parametrize(
    ("password", "message"), [("Tiny7pw", "8-200 characters"), (None, "cannot be read")]
)
def test_a_short_or_missing_password_stops_the_start(
    database: Database, empty_url: str, tmp_path: Path, password: str | None, message: str
) -> None:
    secret = tmp_path / "plp_admin_password"
    if password is not None:
        secret.write_text(password)
    settings = production(empty_url, admin_username="chief", admin_password_file=secret)

    with pytest.raises(ValueError, match=message) as refused:
        prepare_database(database, settings)

    assert "Tiny7pw" not in str(refused.value)
    assert account_admin.list_accounts(database) == []
