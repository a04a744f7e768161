"""`plp-mock-tps`: scenarios, load, a callback receiver, and a TPS's reset of its data.

plp-mock-tps --url http://127.0.0.1:8000 list
plp-mock-tps scenario                          # every built-in, REST, officers by the client
plp-mock-tps scenario happy-yor-sor --protocol soap:java --officers auto --receiver
plp-mock-tps scenario --file my-scenario.yaml --json results.json
plp-mock-tps scenario --junit results.xml      # JUnit XML for CI
plp-mock-tps load --clients 8 --seconds 30 --invalid-share 0.1 --max-p95-ms 500 --json load.json
plp-mock-tps receive --account tpka --port 8765
plp-mock-tps reset --as tpka
plp-mock-tps --account tpka conformance --open --protocol soap11   # open a run, play it
plp-mock-tps --account tpka --password SECRET conformance RUN_ID --profile tight-poll
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import click
from click.core import ParameterSource

from plp_mock_tps.conformance.command import run_conformance
from plp_mock_tps.conformance.profiles import PROFILES
from plp_mock_tps.connection import Connection
from plp_mock_tps.load import LoadOptions, run_load
from plp_mock_tps.receiver import CallbackReceiver
from plp_mock_tps.report import junit_xml, load_breaches, load_table
from plp_mock_tps.runner import RunOptions, ScenarioResult
from plp_mock_tps.scenario import builtin_scenarios, select
from plp_mock_tps.suite import EVENT_TYPES, run_scenarios

WIB = ZoneInfo("Asia/Jakarta")


def _list(connection: Connection, args: argparse.Namespace) -> int:
    for sc in builtin_scenarios():
        flag = " (exclusive)" if sc.exclusive else ""
        _out(f"{sc.name:28} {' '.join(sc.rules):24} {sc.description}{flag}")
    return 0


def _scenario(connection: Connection, args: argparse.Namespace) -> int:
    if args.working_hours:
        _to_working_hours(connection, args.admin)
    receiver = CallbackReceiver(host=args.receiver_host).start() if args.receiver else None
    options = RunOptions(
        protocol=args.protocol,
        officers=args.officers,
        timeout=args.timeout,
        parallel=args.parallel,
        receiver=receiver,
        admin=args.admin,
    )
    try:
        results = run_scenarios(connection, select(args.names, args.file), options)
    finally:
        if receiver is not None:
            receiver.stop()
    for r in results:
        _report(r)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump([asdict(r) for r in results], out, indent=2, default=str)
    accepted = ("passed", "stopped") if args.allow_stop else ("passed",)
    if args.junit:
        with open(args.junit, "w", encoding="utf-8") as out:
            out.write(junit_xml(results, accepted))
    bad = [r for r in results if r.outcome not in accepted]
    _out(f"{len(results) - len(bad)}/{len(results)} scenarios ok over {args.protocol}")
    return 1 if bad else 0


def _load(connection: Connection, args: argparse.Namespace) -> int:
    options = LoadOptions(
        clients=args.clients,
        seconds=None if args.count else args.seconds,
        count=args.count,
        protocol=args.protocol,
        invalid_share=args.invalid_share,
        tps=tuple(args.tps.split(",")),
        progress=not args.no_progress and sys.stderr.isatty(),
        admin=args.admin,
    )
    summary = run_load(connection, options).as_dict()
    text = json.dumps(summary, indent=2)
    if args.json == "-":
        _out(text)
    else:
        if args.json:
            with open(args.json, "w", encoding="utf-8") as out:
                out.write(text)
        _out(load_table(summary))
    broken = load_breaches(summary, args.max_p95_ms, args.max_errors)
    for line in broken:
        sys.stderr.write(f"threshold broken: {line}\n")
    return 1 if broken else 0


def _receive(connection: Connection, args: argparse.Namespace) -> int:
    """Registers the callbacks of the named accounts only (rotating their signing secrets) and
    removes them again on exit, Ctrl-C or SIGTERM, so no callback points at a dead receiver."""
    accounts = args.account or ["tpka"]
    receiver = CallbackReceiver(host=args.host, port=args.port).start()
    registered: list[tuple[str, str]] = []
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        for account in accounts:
            for event in EVENT_TYPES:
                body = {"url": receiver.url(account)}
                connection.call(
                    "PUT", f"/api/v1/callbacks/{event}", account, json=body
                ).raise_for_status()
                registered.append((account, event))
            r = connection.call("POST", "/api/v1/callbacks/secret", account)
            receiver.secrets[account] = r.json()["secret"]
        _out(f"receiving on http://{args.host}:{receiver.port}/<account>; Ctrl-C stops")
        _print_events(receiver)
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        for account, event in registered:
            connection.call("DELETE", f"/api/v1/callbacks/{event}", account)
        receiver.stop()
    return 0


def _print_events(receiver: CallbackReceiver) -> None:
    seen: set[str] = set()
    while True:
        for event_id, e in list(receiver.events.items()):
            if event_id not in seen:
                seen.add(event_id)
                _out(json.dumps({"event": e.event_type, "attempt": e.attempt, **e.body}))
        time.sleep(0.5)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM (docker stop, kill) ends the receiver like Ctrl-C, cleanup included."""
    raise KeyboardInterrupt


def _reset(connection: Connection, args: argparse.Namespace) -> int:
    r = connection.call("POST", "/api/v1/simulation/reset", args.as_)
    _out(r.text)
    return 0 if r.status_code == 200 else 1


def _to_working_hours(connection: Connection, admin: str) -> None:
    """Move a demo server's test clock to a weekday morning (WIB) so releases need no H1
    notice (and gate-outs are not flagged for H1). A server without a test clock
    (production mode) is left as it is: the scenarios then run on its real hours."""
    r = connection.call("GET", "/api/v1/test/clock", admin)
    if r.status_code != 200:
        _out(f"no test clock to move ({r.status_code}); scenarios run on the server's hours")
        return
    now = datetime.fromisoformat(r.json()["now"])
    local = now.astimezone(WIB)
    if local.weekday() < 5 and 8 <= local.hour < 15:
        return
    day = local.date() + timedelta(days=1 if local.hour >= 8 else 0)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    at = datetime(day.year, day.month, day.day, 8, 0, tzinfo=WIB)
    connection.call(
        "PUT", "/api/v1/test/clock", admin, json={"at": at.isoformat()}
    ).raise_for_status()
    _out(
        f"server clock {local:%a %H:%M} WIB is out of working hours (H1): moved its test clock "
        f"to {at:%a %d %b %H:%M} WIB; --no-working-hours keeps it"
    )


def passwords_of(given: tuple[str, ...], account: str) -> dict[str, str]:
    """ACCOUNT=PASSWORD pairs; a bare value is the password of --account."""
    passwords = {}
    for value in given:
        name, sep, secret = value.partition("=")
        if sep and name.isidentifier():
            passwords[name] = secret
        else:
            passwords[account] = value
    return passwords


def _report(r: ScenarioResult) -> None:
    mark = {"passed": "PASS", "stopped": "STOP", "failed": "FAIL"}[r.outcome]
    _out(f"{mark} {r.scenario} [{r.protocol}] {r.seconds:.1f}s")
    for step in r.steps:
        if not step.ok:
            _out(f"     step {step.index + 1} {step.label}: {step.note}")
            _out(f"       expected {step.expected}, got {step.got}")


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- the command line ---------------------------------------------------------------------------
# The command bodies above take (connection, args) so the options below stay declarations only.

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100, "show_default": True}


def _global(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """Global options count before or after the command (`list --url ...`); after wins."""
    source = ctx.get_parameter_source(param.name or "")
    if ctx.parent is None or source is ParameterSource.COMMANDLINE:
        ctx.ensure_object(dict)[param.name] = value


def _global_options(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--url", default="http://127.0.0.1:8000", help="the simulator", metavar="URL"),
        click.option(
            "--password",
            multiple=True,
            metavar="ACCOUNT=PASSWORD",
            help="for accounts other than the demo ones (<name>-demo), repeatable; "
            "a bare PASSWORD is the --account's",
        ),
        click.option("--admin", default="admin", help="admin account: test goods, the test clock"),
        click.option("--http-timeout", type=float, default=30.0, help="seconds per HTTP call"),
        click.option(
            "--account",
            default="tpka",
            help="the TPS account under test (conformance); --password P is its password",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _globals_too(f: Callable[..., Any]) -> Callable[..., Any]:
    """A command's copies of the global options: stored in the context, not passed; not
    where the command has an option of that name (`receive --account`)."""
    own = {o for p in getattr(f, "__click_params__", []) for o in p.opts}
    for name, kw in (
        ("--url", {}),
        ("--password", {"multiple": True}),
        ("--admin", {}),
        ("--http-timeout", {"type": float}),
        ("--account", {}),
    ):
        if name in own:
            continue
        f = click.option(
            name, **kw, expose_value=False, callback=_global, hidden=True, is_eager=False
        )(f)
    return f


# \b keeps click from re-wrapping the examples of the module docstring
HELP = (__doc__ or "").replace("\n\nplp-mock-tps", "\n\n\b\nplp-mock-tps", 1)


@click.group(context_settings=CONTEXT, help=HELP)
@_global_options
@click.pass_context
def main(
    ctx: click.Context,
    url: str,
    password: tuple[str, ...],
    admin: str,
    http_timeout: float,
    account: str,
) -> None:
    ctx.ensure_object(dict).update(
        {
            "url": url,
            "password": password,
            "admin": admin,
            "http_timeout": http_timeout,
            "account": account,
        }
    )


def _command(
    name: str, run: Callable[[Connection, argparse.Namespace], int], **kw: Any
) -> Callable[[Callable[..., Any]], click.Command]:
    """A subcommand running `run` with the global options merged in; its exit code is run's."""

    def decorate(f: Callable[..., Any]) -> click.Command:
        @click.pass_context
        def invoke(ctx: click.Context, /, **options: Any) -> None:
            g = ctx.ensure_object(dict)
            args = argparse.Namespace(**({"account": g["account"]} | options), admin=g["admin"])
            connection = g.get("connection")
            if connection is None:  # tests pass one in (obj={"connection": ...})
                passwords = passwords_of(g["password"], g["account"])
                connection = Connection(g["url"], passwords=passwords, timeout=g["http_timeout"])
                ctx.call_on_close(connection.close)
            ctx.exit(run(connection, args))

        invoke.__doc__ = f.__doc__
        invoke.__click_params__ = getattr(f, "__click_params__", [])  # type: ignore[attr-defined]
        epilog = (
            "The global options (--url, --account, --password, --admin, --http-timeout) work "
            "here too."
        )
        return main.command(name, epilog=epilog, **kw)(_globals_too(invoke))

    return decorate


@_command("list", _list, short_help="the built-in scenarios")
def list_command() -> None:
    """The built-in scenarios: name, rules, description."""


@_command("scenario", _scenario, short_help="run scenarios, report each step")
@click.argument("names", nargs=-1)
@click.option("--file", multiple=True, help="a scenario file (YAML/JSON), repeatable")
@click.option("--protocol", default="rest", help="rest, soap, soap:php11|php12|java|curl|odoo|zeep")
@click.option(
    "--officers",
    type=click.Choice(["client", "auto"]),
    default="client",
    help="client: officer steps by the demo officer accounts, so a default demo server needs "
    "nothing switched on; auto: wait for the simulator's auto-officer (serve with "
    "PLP_AUTO_OFFICER=rules), stopping where its policy leaves a step to humans",
)
@click.option("--receiver", is_flag=True, help="also check pushed responses")
@click.option("--receiver-host", default="127.0.0.1", help="host the simulator reaches us on")
@click.option("--parallel", type=int, default=4, help="scenarios at once")
@click.option("--timeout", type=float, default=20.0, help="per waiting step, seconds")
@click.option("--allow-stop", is_flag=True, help="a stop at an officer step is ok")
@click.option(
    "--working-hours/--no-working-hours",
    default=True,
    help="first move a demo server's test clock to a weekday 08:00 WIB if it is out of hours, "
    "so releases need no H1 notice",
)
@click.option("--json", metavar="FILE", help="write the results here")
@click.option("--junit", metavar="FILE", help="write JUnit XML of the results here")
def scenario_command() -> None:
    """Run scenarios (NAMES: built-in ones, default all) and report each step."""


@_command("load", _load, short_help="N virtual TPS clients, a latency table")
@click.option("--clients", type=int, default=4, help="virtual TPS clients")
@click.option("--seconds", type=float, default=10.0, help="how long to run")
@click.option("--count", type=int, help="iterations in all, instead of --seconds")
@click.option("--protocol", default="rest", help="the submission's wire: rest or soap[:flavour]")
@click.option("--invalid-share", type=float, default=0.0, help="share of invalid requests (E6)")
@click.option("--tps", default="TPKA", help="applicant TPS codes, comma-separated")
@click.option("--json", metavar="FILE", help="write the summary as JSON here (-: stdout)")
@click.option("--max-p95-ms", type=float, help="exit 1 when the overall p95 is higher")
@click.option("--max-errors", type=int, default=0, help="exit 1 on more unexpected errors")
@click.option("--no-progress", is_flag=True, help="no progress bar")
def load_command() -> None:
    """N virtual TPS clients file, read and cancel requests; prints a latency table."""


@_command("receive", _receive, short_help="a callback receiver printing verified events")
@click.option(
    "--account", multiple=True, help="an account to receive for, repeatable [default: tpka]"
)
@click.option("--host", default="127.0.0.1", help="the host to listen on")
@click.option("--port", type=int, default=8765, help="the port to listen on")
def receive_command() -> None:
    """Registers the accounts' callbacks, prints verified events, unregisters on exit."""


@_command("reset", _reset, short_help="delete the requests your TPS filed (demo/test)")
@click.option("--as", "as_", required=True, help="the TPS account")
def reset_command() -> None:
    """Delete the requests your TPS filed (demo and test mode only)."""


@_command("conformance", run_conformance, short_help="play a conformance run as the TPS")
@click.argument("run_id", required=False)
@click.option("--open", "open_run", is_flag=True, help="open a run for --account first")
@click.option(
    "--protocol",
    type=click.Choice(["soap11", "soap12", "h2h", "rest"]),
    default="soap11",
    help="with --open: the run's protocol",
)
@click.option("--quirks", is_flag=True, help="with --open: DJBC's quirks switched on")
@click.option(
    "--profile",
    type=click.Choice(sorted(PROFILES)),
    default="good",
    help="good: a robust client; the others break one habit (README: Conformance)",
)
@click.option("--api-key", help="H2H: the account's beacukai-api-key (demo: issued by --admin)")
@click.option("--scenario", multiple=True, help="play only this scenario id, repeatable")
@click.option("--timeout", type=float, default=60.0, help="seconds to wait for a response")
@click.option(
    "--keep-new-password",
    is_flag=True,
    help="PLP-16: keep the new password (otherwise the old one is set again after it)",
)
@click.option(
    "--working-hours/--no-working-hours",
    default=True,
    help="first move a demo server's test clock to a weekday morning (WIB) if it is not on "
    "one, so the simulated releases fall in working hours (H1)",
)
@click.option("--json", metavar="FILE", help="write what was played and graded here")
def conformance_command() -> None:
    """Play the TPS's part of a conformance run (RUN_ID, or --open a new one): each scenario
    started, played over the run's protocol and finished; exit 0 when exactly the scenarios
    the profile breaks failed (none for good)."""
