"""A run of several scenarios: goods seeded once, the callback receiver registered for the
accounts that play, shared scenarios in parallel, exclusive ones alone and last."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from plp_mock_tps.connection import Connection
from plp_mock_tps.goods import seed
from plp_mock_tps.runner import RunOptions, ScenarioResult, ScenarioRun
from plp_mock_tps.scenario import Scenario

EVENT_TYPES = (
    "decision",
    "cancellation",
    "manual_procedure",
    "discrepancy",
    "transit_watch",
    "out_of_hours",
)


def run_scenarios(
    connection: Connection, scenarios: list[Scenario], options: RunOptions | None = None
) -> list[ScenarioResult]:
    """Every scenario the protocol can carry; the ones marked exclusive after the others, one
    at a time."""
    options = options or RunOptions()
    scenarios = [sc for sc in scenarios if sc.runs_over(options.protocol)]
    goods = options.goods or seed(connection, admin=options.admin)
    registered = _register_callbacks(connection, scenarios, options)
    try:
        shared = [sc for sc in scenarios if not sc.exclusive]
        with ThreadPoolExecutor(max(1, options.parallel)) as pool:
            results = list(
                pool.map(lambda sc: ScenarioRun(sc, connection, options, goods).execute(), shared)
            )
        for sc in (sc for sc in scenarios if sc.exclusive):
            results.append(ScenarioRun(sc, connection, options, goods).execute())
    finally:
        for account in registered:  # the receiver goes away with this run
            for event in EVENT_TYPES:
                connection.call("DELETE", f"/api/v1/callbacks/{event}", account)
    order = {sc.name: i for i, sc in enumerate(scenarios)}
    return sorted(results, key=lambda r: order[r.scenario])


def _register_callbacks(
    connection: Connection, scenarios: list[Scenario], options: RunOptions
) -> list[str]:
    receiver = options.receiver
    if receiver is None:
        return []
    codes = {sc.applicant for sc in scenarios} | {"TPKA", "CFSB"}
    accounts = sorted({options.accounts.get(c, c.lower()) for c in codes})
    for account in accounts:
        secret = None
        for event in EVENT_TYPES:
            r = connection.call(
                "PUT", f"/api/v1/callbacks/{event}", account, json={"url": receiver.url(account)}
            )
            r.raise_for_status()
            secret = secret or r.json().get("secret")
        if secret is None:  # registered before: the secret is not shown again, so rotate it
            r = connection.call("POST", "/api/v1/callbacks/secret", account)
            r.raise_for_status()
            secret = r.json()["secret"]
        receiver.secrets[account] = secret
    return accounts
