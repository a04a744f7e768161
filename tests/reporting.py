"""Counts that tests print for people reading CI logs (tried, acknowledged, found...)."""

from __future__ import annotations

import sys

import pytest


def report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Printed past pytest's capture, to stderr: shown even under xdist and for passing tests."""
    with capsys.disabled():
        sys.stderr.write(f"\n[issue 8] {line}\n")
