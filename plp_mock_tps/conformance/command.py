"""`plp-mock-tps conformance`: open a run (or take RUN_ID), play it, print each scenario's
grade and where the report is."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plp_mock_tps.conformance.api import RUNS, ConformanceApi, ConformanceError
from plp_mock_tps.conformance.player import Options, PlayedRun, PlayedScenario, play
from plp_mock_tps.conformance.profiles import PROFILES
from plp_mock_tps.connection import Connection, LoginError

MARKS = {"passed": "PASS", "failed": "FAIL", "not_attempted": "SKIP"}
WIB = ZoneInfo("Asia/Jakarta")


def run_conformance(connection: Connection, args: argparse.Namespace) -> int:
    profile = PROFILES[args.profile]
    api = ConformanceApi(connection, args.account)
    try:
        run_id = args.run_id
        if args.open_run:
            run_id = str(api.open(args.protocol, args.quirks)["id"])
            _out(f"opened run {run_id} for {args.account} over {args.protocol}")
        if not run_id:
            _out("give RUN_ID, or --open to open a run")
            return 2
        if args.working_hours:
            _to_working_morning(connection, args.admin)
        options = Options(
            profile,
            admin=args.admin,
            api_key=args.api_key,
            timeout=args.timeout,
            only=tuple(args.scenario),
            keep_new_password=args.keep_new_password,
            on_scenario=_print,
        )
        played = play(connection, args.account, run_id, options)
    except (ConformanceError, LoginError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(asdict(played), out, indent=2, default=str)
    return _summary(connection, played)


def _to_working_morning(connection: Connection, admin: str) -> None:
    """Demo and test mode: a scenario's release must fall in working hours (H1), so a server
    whose test clock is not on a weekday morning (WIB) is moved to the next one, 08:00."""
    r = connection.call("GET", "/api/v1/test/clock", admin)
    if r.status_code != 200:
        return
    local = datetime.fromisoformat(r.json()["now"]).astimezone(WIB)
    if local.weekday() < 5 and 8 <= local.hour < 12:
        return
    day = local.date() + timedelta(days=1 if local.hour >= 8 else 0)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    at = datetime(day.year, day.month, day.day, 8, 0, tzinfo=WIB)
    connection.call("PUT", "/api/v1/test/clock", admin, json={"at": at.isoformat()})
    _out(f"moved the server's test clock to {at:%a %d %b %H:%M} WIB (working hours, H1)")


def _print(s: PlayedScenario) -> None:
    _out(f"{MARKS.get(s.outcome, s.outcome.upper())} {s.id} {s.seconds:.1f}s")
    for check in s.failed_checks:
        _out(f"     {check.get('text') or check.get('key')}")
        _out(f"       expected {check.get('expected')}, observed {check.get('observed')}")


def _summary(connection: Connection, played: PlayedRun) -> int:
    """0 when exactly what the profile breaks failed (nothing, for good)."""
    profile = PROFILES[played.profile]
    ids = {s.id for s in played.scenarios}
    failed = set(played.ids("failed")) | set(played.ids("not_attempted"))
    expected = profile.breaks & ids
    passed = len(played.ids("passed"))
    _out(
        f"{passed}/{len(ids)} passed over {played.protocol} with the {profile.name} client "
        f"in {played.seconds:.1f} s"
    )
    _out(f"report: {connection.url}{RUNS}/{played.run_id}/report.html")
    if failed == expected:
        if expected:
            _out(f"failed exactly as the {profile.name} profile should: {sorted(expected)}")
        return 0
    if expected:
        _out(f"the {profile.name} profile should fail {sorted(expected)}, failed {sorted(failed)}")
    return 1


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
