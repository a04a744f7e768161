"""The mock client's conformance mode (issue 17): it plays the client part of every scenario of
a run the simulator opened, over the run's protocol, with a profile that is either robust
(`good`) or broken in one known way, so the pack is seen to pass and to fail."""

from __future__ import annotations

from plp_mock_tps.conformance.api import ConformanceApi, ConformanceError
from plp_mock_tps.conformance.player import Options, PlayedRun, PlayedScenario, play
from plp_mock_tps.conformance.profiles import PROFILES, Profile

__all__ = [
    "PROFILES",
    "ConformanceApi",
    "ConformanceError",
    "Options",
    "PlayedRun",
    "PlayedScenario",
    "Profile",
    "play",
]
