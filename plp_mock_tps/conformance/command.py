"""`plp-mock-tps conformance`: open a run (or take RUN_ID), play it, print each scenario's
grade and where the report is."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from plp_mock_tps.conformance.api import RUNS, ConformanceApi, ConformanceError
from plp_mock_tps.conformance.player import Options, PlayedRun, PlayedScenario, play
from plp_mock_tps.conformance.profiles import PROFILES
from plp_mock_tps.connection import Connection, LoginError

MARKS = {"passed": "PASS", "failed": "FAIL", "not_attempted": "SKIP"}


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
