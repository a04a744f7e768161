"""The `plp-online` command: serve, db, accounts, refdata, collection, conformance."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from app.adapters.sql.database import Database
from app.config import Settings, get_settings

T = TypeVar("T")


@click.group()
def main() -> None:
    """PLP Online: the TPS Online PLP exchange simulator."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option(
    "--factory",
    default="app.main:create_app",
    hidden=True,
    help="the app factory; bench/ serves a variant of the same app with it",
)
def serve(host: str, port: int, workers: int, factory: str) -> None:
    """Serve the REST API, the SOAP service and the docs (migrates the database first)."""
    import uvicorn

    from app.adapters import log_format, metrics
    from app.main import prepare_database

    settings = get_settings()
    log_format.configure(settings.log_level, settings.log_format)
    metrics.prepare_multiprocess_dir(workers)  # workers add up their metrics (README)
    database = _database(settings, create=True)
    prepare_database(database, settings)
    database.dispose()
    click.echo(
        f"PLP Online ({settings.mode} mode) on http://{host}:{port}/docs "
        f"- database {_safe_url(settings)}"
    )
    uvicorn.run(
        factory,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        log_config=log_format.logging_config(settings.log_level, settings.log_format),
        access_log=False,  # ours is app.api.http.observability's: JSON, request id, no query string
    )


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    from app.adapters.sql import migrate

    database = _database(get_settings(), create=True)
    try:
        migrate.upgrade(database.engine, revision)
    finally:
        database.dispose()
    click.echo(f"database at {revision}")


@main.group()
def accounts() -> None:
    """Accounts: create, list, API keys, passwords."""


@accounts.command("create")
@click.argument("username")
@click.option("--role", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--tps", "tps_code", default=None, help="TPS code, for tps_operator accounts")
@click.option("--office", "office_code", default=None, help="office code, for officers")
@click.option("--supervises", default="", help="comma-separated TPS codes, for supervisors")
@click.option("--name", "full_name", default="")
def accounts_create(
    username: str,
    role: str,
    password: str,
    tps_code: str | None,
    office_code: str | None,
    supervises: str,
    full_name: str,
) -> None:
    """Create an account."""
    from pydantic import ValidationError

    from app.adapters import account_admin
    from app.api.rest.schemas.refdata_io import AccountIn

    try:
        spec = AccountIn(
            username=username,
            password=password,
            role=role,
            full_name=full_name,
            tps_code=tps_code,
            office_code=office_code,
            supervised_tps=[s for s in supervises.split(",") if s],
        )
    except ValidationError as exc:
        raise click.UsageError(str(exc)) from exc
    _run(
        lambda d: account_admin.create_account(
            d,
            spec.username,
            spec.password,
            spec.role,
            full_name=spec.full_name,
            tps_code=spec.tps_code,
            office_code=spec.office_code,
            supervised_tps=frozenset(spec.supervised_tps),
        )
    )
    click.echo(f"account {username} created")


@accounts.command("list")
def accounts_list() -> None:
    """List accounts."""
    from app.adapters import account_admin

    for a in _run(account_admin.list_accounts):
        scope = a.tps_code or a.office_code or "-"
        extra = f" supervises {','.join(sorted(a.supervised_tps))}" if a.supervised_tps else ""
        click.echo(
            f"{a.username:20} {a.role.value:24} {scope}{extra}{'' if a.active else ' (disabled)'}"
        )


@accounts.command("api-key")
@click.argument("username")
def accounts_api_key(username: str) -> None:
    """Issue a new API key (printed once)."""
    from app.adapters import account_admin

    click.echo(_run(lambda d: account_admin.issue_api_key(d, username)))


@accounts.command("password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def accounts_password(username: str, password: str) -> None:
    """Set a new password."""
    from app.adapters import account_admin

    _run(lambda d: account_admin.set_password(d, username, password))
    click.echo(f"password of {username} changed")


@main.group()
def refdata() -> None:
    """Reference data: offices, TPS, manifests, declarations."""


@refdata.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def refdata_load(file: Path) -> None:
    """Load a JSON reference-data document (the format of POST /api/v1/admin/refdata)."""
    from pydantic import ValidationError

    from app.adapters.sql.repositories import refdata_document_repository as refdata_store
    from app.api.rest.schemas.refdata_io import RefDataDoc

    try:
        doc = RefDataDoc.model_validate(json.loads(file.read_text(encoding="utf-8")))
    except (ValueError, ValidationError) as exc:
        raise click.UsageError(f"{file}: {exc}") from exc

    def load(database: Database) -> dict[str, int]:
        with database.session() as session:
            counts = refdata_store.load(session, doc.model_dump())
            session.commit()
        return counts

    click.echo(json.dumps(_run(load)))


@main.command()
@click.option(
    "--output",
    "-o",
    default="docs/plp-online.postman_collection.json",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
def collection(output: Path) -> None:
    """Write the Postman (v2.1) collection: the README's walk and every REST operation."""
    click.echo(f"collection written to {write_collection(output)}")


def write_collection(output: Path) -> Path:
    """From the OpenAPI of a demo app on a throwaway database, its clock at the walk's start
    (the docs' gate-time examples follow the clock): the same file whatever the hour."""
    import tempfile

    from app.adapters.clock import AdjustableClock
    from app.api.rest.collection import WALK_START, postman_collection
    from app.main import create_app

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(mode="demo", database_url=f"sqlite:///{scratch}/openapi.db")
        app = create_app(settings)
        clock = app.state.services.clock
        assert isinstance(clock, AdjustableClock)  # demo mode's
        clock.set(WALK_START, frozen=True)
        openapi = app.openapi()
    text = json.dumps(postman_collection(openapi), indent=2, ensure_ascii=False) + "\n"
    output.write_text(text, encoding="utf-8")
    return output


@main.group()
def conformance() -> None:
    """Conformance runs (demo and test mode): open, show, start, finish, report. The simulator's
    moves are made by the server as the client's messages arrive."""


@conformance.command("open")
@click.argument("account")
@click.option("--protocol", type=click.Choice(["soap11", "soap12", "h2h", "rest"]), required=True)
@click.option("--quirks/--no-quirks", default=False, show_default=True)
def conformance_open(account: str, protocol: str, quirks: bool) -> None:
    """Open a run for the TPS ACCOUNT over PROTOCOL; prints its id and scenarios."""
    from app.domain.conformance.model import Protocol
    from app.domain.services import conformance_runs as runs

    run = _conformance(lambda d, a: runs.open_run(d, a, Protocol(protocol), quirks, account))
    click.echo(run.id)
    _show_run(run.id)


@conformance.command("show")
@click.argument("run_id")
def conformance_show(run_id: str) -> None:
    """A run's scenarios and their outcomes."""
    _show_run(run_id)


@conformance.command("start")
@click.argument("run_id")
@click.argument("scenario")
def conformance_start(run_id: str, scenario: str) -> None:
    """Start SCENARIO (e.g. PLP-01): the account's messages are its evidence from now on."""
    from app.domain.services import conformance_runs as runs

    state = _conformance(lambda d, a: runs.start_scenario(d, a, run_id, scenario))
    click.echo(f"{state.scenario_id} {state.outcome.value}")
    for key, value in state.data.items():
        click.echo(f"  {key:20} {value}")


@conformance.command("finish")
@click.argument("run_id")
@click.argument("scenario", required=False)
def conformance_finish(run_id: str, scenario: str | None) -> None:
    """Finish and grade SCENARIO, or, without one, finish the run."""
    from app.domain.services import conformance_runs as runs

    if scenario is None:
        _conformance(lambda d, a: runs.finish_run(d, a, run_id))
        _show_run(run_id)
        return
    state = _conformance(lambda d, a: runs.finish_scenario(d, a, run_id, scenario))
    click.echo(f"{state.scenario_id} {state.outcome.value}")
    for check in state.checks:
        mark = "ok  " if check.passed else "FAIL"
        click.echo(f"  {mark} {check.key} [{check.rule}] {check.observed}")


@conformance.command("report")
@click.argument("run_id")
@click.option(
    "--format",
    "kind",
    type=click.Choice(["json", "xml", "html"]),
    default="json",
    show_default=True,
)
@click.option("--language", default="id", show_default=True, help="id or en")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def conformance_report(run_id: str, kind: str, language: str, output: Path | None) -> None:
    """The run's report (to stdout, or to OUTPUT)."""
    from zoneinfo import ZoneInfo

    from app.adapters.conformance_report import html_report, json_report, junit
    from app.adapters.conformance_report.zone import in_zone
    from app.adapters.i18n import translator
    from app.domain.services import conformance_runs as runs

    zone = ZoneInfo(get_settings().office_timezone)  # as the server's answers give them
    report = in_zone(_conformance(lambda d, a: runs.report(d, a, run_id)), zone)
    tr = translator(language)
    if kind == "xml":
        text = junit.render(report, tr).decode("utf-8")
    elif kind == "html":
        text = html_report.render(report, tr)
    else:
        text = json.dumps(json_report.render(report, tr), indent=2, ensure_ascii=False)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"report written to {output}", err=True)


def _show_run(run_id: str) -> None:
    from app.domain.services import conformance_runs as runs

    def read(desk: Any, actor: Any) -> tuple[Any, list[Any]]:
        run = runs.get_run(desk, actor, run_id)
        return run, runs.scenarios(desk, run)

    run, states = _conformance(read)
    click.echo(
        f"run {run.id}: {run.account} ({run.tps}) over {run.protocol.value}, "
        f"quirks {'on' if run.quirks else 'off'}, {run.status}"
    )
    for state in states:
        click.echo(f"  {state.scenario_id:8} {state.outcome.value}")


def _conformance(action: Callable[[Any, Any], T]) -> T:
    """Runs a conformance use case as the command line's admin, on the configured database."""
    from app.api.http.conformance_desk import desk_of
    from app.api.http.wiring import Services
    from app.domain.actor import Actor, Role

    admin = Actor("cli", Role.ADMIN)
    return _run(
        lambda database: action(
            desk_of(Services.build(get_settings(), database), moves=False), admin
        )
    )


def _run(action: Callable[[Database], T]) -> T:
    """Run an action on the configured database, brought up to date; it must exist already
    (issue 16: run elsewhere, a relative SQLite URL would make a new, empty one there).
    Domain errors become a clean message."""
    from app.adapters.sql import migrate
    from app.domain.errors import PlpError

    database = _database(get_settings(), create=False)
    try:
        migrate.upgrade(database.engine)
        return action(database)
    except PlpError as exc:
        click.echo(f"error: {exc.detail}", err=True)
        sys.exit(2)
    finally:
        database.dispose()


def _database(settings: Settings, create: bool) -> Database:
    """The database of PLP_DATABASE_URL, named on stderr; only `serve` and `db upgrade` may
    create it, every other command refuses a database that does not exist or was never
    migrated (exit 2)."""
    from app.adapters.sql import migrate

    click.echo(f"database: {_safe_url(settings)}", err=True)
    file = settings.sqlite_file()
    if not create and file is not None and not file.exists():
        _no_database(str(file))  # before connecting: SQLite would create the file
    database = Database(settings.database_url)
    if not create and not migrate.has_schema(database.engine):
        database.dispose()
        _no_database(str(file) if file is not None else _safe_url(settings))
    return database


def _no_database(where: str) -> NoReturn:
    click.echo(
        f"error: no database at {where}; run `plp-online db upgrade` or set PLP_DATABASE_URL",
        err=True,
    )
    sys.exit(2)


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


if __name__ == "__main__":
    main()
