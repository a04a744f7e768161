"""`plp-mock-tps`: scenarios, load, a callback receiver, and a TPS's reset of its data.

plp-mock-tps --url http://127.0.0.1:8000 list
plp-mock-tps scenario                          # every built-in, REST, officers by the client
plp-mock-tps scenario happy-yor-sor --protocol soap:java --officers auto --receiver
plp-mock-tps scenario --file my-scenario.yaml --json results.json
plp-mock-tps scenario --junit results.xml      # JUnit XML for CI
plp-mock-tps load --clients 8 --seconds 30 --invalid-share 0.1 --max-p95-ms 500 --json load.json
plp-mock-tps receive --account tpka --port 8765
plp-mock-tps reset --as tpka
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from dataclasses import asdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plp_mock_tps.connection import Connection
from plp_mock_tps.load import LoadOptions, run_load
from plp_mock_tps.receiver import CallbackReceiver
from plp_mock_tps.report import junit_xml, load_breaches, load_table
from plp_mock_tps.runner import RunOptions, ScenarioResult
from plp_mock_tps.scenario import builtin_scenarios, select
from plp_mock_tps.suite import EVENT_TYPES, run_scenarios

WIB = ZoneInfo("Asia/Jakarta")


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    passwords = dict(p.split("=", 1) for p in args.password)
    connection = Connection(args.url, passwords=passwords, timeout=args.http_timeout)
    try:
        sys.exit(args.run(connection, args))
    finally:
        connection.close()


def _list(connection: Connection, args: argparse.Namespace) -> int:
    for sc in builtin_scenarios():
        flag = " (exclusive)" if sc.exclusive else ""
        _out(f"{sc.name:28} {' '.join(sc.rules):24} {sc.description[:70]}{flag}")
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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="plp-mock-tps",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--url", default="http://127.0.0.1:8000", help="the simulator")
    p.add_argument(
        "--password",
        action="append",
        default=[],
        metavar="ACCOUNT=PASSWORD",
        help="for accounts other than the demo ones (<name>-demo)",
    )
    p.add_argument("--admin", default="admin", help="admin account: test goods, the test clock")
    p.add_argument("--http-timeout", type=float, default=30.0)
    sub = p.add_subparsers(required=True)
    sub.add_parser("list", help="built-in scenarios").set_defaults(run=_list)
    s = sub.add_parser("scenario", help="run scenarios, report each step")
    s.add_argument("names", nargs="*", help="built-in scenario names (default: all)")
    s.add_argument("--file", action="append", default=[], help="a scenario file (YAML/JSON)")
    s.add_argument(
        "--protocol", default="rest", help="rest, soap, soap:php11|php12|java|curl|odoo|zeep"
    )
    s.add_argument(
        "--officers",
        choices=("client", "auto"),
        default="client",
        help="client (default): officer steps by the demo officer accounts, so a default "
        "demo server needs nothing switched on; auto: wait for the simulator's auto-officer "
        "(serve with PLP_AUTO_OFFICER=rules), stopping where its policy leaves a step to humans",
    )
    s.add_argument("--receiver", action="store_true", help="also check pushed responses")
    s.add_argument("--receiver-host", default="127.0.0.1", help="host the simulator reaches us on")
    s.add_argument("--parallel", type=int, default=4)
    s.add_argument("--timeout", type=float, default=20.0, help="per waiting step, seconds")
    s.add_argument("--allow-stop", action="store_true", help="a stop at an officer step is ok")
    s.add_argument(
        "--working-hours",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="first move a demo server's test clock to a weekday 08:00 WIB if it is out of "
        "hours, so releases need no H1 notice (default: on)",
    )
    s.add_argument("--json", help="write the results here")
    s.add_argument("--junit", metavar="FILE", help="write JUnit XML of the results here")
    s.set_defaults(run=_scenario)
    ld = sub.add_parser("load", help="N virtual TPS clients")
    ld.add_argument("--clients", type=int, default=4)
    ld.add_argument("--seconds", type=float, default=10.0)
    ld.add_argument("--count", type=int, help="iterations in all, instead of --seconds")
    ld.add_argument("--protocol", default="rest")
    ld.add_argument("--invalid-share", type=float, default=0.0)
    ld.add_argument("--tps", default="TPKA", help="applicant TPS codes, comma-separated")
    ld.add_argument("--json", metavar="FILE", help="write the summary as JSON here (-: stdout)")
    ld.add_argument("--max-p95-ms", type=float, help="exit 1 when the overall p95 is higher")
    ld.add_argument(
        "--max-errors", type=int, default=0, help="exit 1 on more unexpected errors (default 0)"
    )
    ld.add_argument("--no-progress", action="store_true")
    ld.set_defaults(run=_load)
    rc = sub.add_parser("receive", help="a callback receiver printing verified events")
    rc.add_argument(
        "--account",
        action="append",
        default=[],
        help="an account to receive for, repeatable (default: tpka)",
    )
    rc.add_argument("--host", default="127.0.0.1")
    rc.add_argument("--port", type=int, default=8765)
    rc.set_defaults(run=_receive)
    rs = sub.add_parser("reset", help="delete the requests your TPS filed (demo/test)")
    rs.add_argument("--as", dest="as_", required=True, help="the TPS account")
    rs.set_defaults(run=_reset)
    return p
