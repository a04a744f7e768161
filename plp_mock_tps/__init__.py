"""plp-mock-tps: a client that plays TPS operator systems against PLP Online (issue 5).

Over REST (httpx) or SOAP (raw envelopes shaped like real PHP and Java clients, or zeep on the
served WSDL): file requests, read responses (poll, on demand, or pushed to a small callback
receiver), report gate-out and gate-in, cancel. Scenario mode runs data files step by step
and reports expected against got; load mode runs N virtual TPS clients.
"""

from __future__ import annotations

from plp_mock_tps.connection import Connection
from plp_mock_tps.load import LoadOptions, LoadResult, run_load
from plp_mock_tps.receiver import CallbackReceiver, verify_signature
from plp_mock_tps.runner import RunOptions, ScenarioResult
from plp_mock_tps.scenario import Scenario, builtin_scenarios, load_scenario
from plp_mock_tps.suite import run_scenarios

__all__ = [
    "CallbackReceiver",
    "Connection",
    "LoadOptions",
    "LoadResult",
    "RunOptions",
    "Scenario",
    "ScenarioResult",
    "builtin_scenarios",
    "load_scenario",
    "run_load",
    "run_scenarios",
    "verify_signature",
]
