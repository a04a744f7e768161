"""Access tokens: the signature is checked once per token, the expiry on every read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.adapters.security import TokenService
from app.domain.errors import AuthenticationError

ISSUED = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = ISSUED.timestamp()

    def __call__(self) -> float:
        return self.now


def test_a_token_read_before_is_refused_once_it_expires() -> None:
    clock = Clock()
    tokens = TokenService("s" * 32, minutes=30, now=clock)
    token = tokens.issue({"sub": "tpka", "role": "tps_operator"}, now=ISSUED)
    assert tokens.read(token)["sub"] == "tpka"

    clock.now += 30 * 60 - 1
    assert tokens.read(token)["sub"] == "tpka"
    clock.now += 1
    with pytest.raises(AuthenticationError, match="expired"):
        tokens.read(token)


def test_a_token_signed_with_another_secret_is_refused_every_time() -> None:
    forged = TokenService("x" * 32).issue({"sub": "admin", "role": "admin"}, now=ISSUED)
    tokens = TokenService("s" * 32, now=Clock())
    for _ in range(2):
        with pytest.raises(AuthenticationError, match="not valid"):
            tokens.read(forged)


def test_a_token_of_another_issuer_or_without_subject_is_refused() -> None:
    tokens = TokenService("s" * 32, now=Clock())
    other = TokenService("s" * 32, issuer="elsewhere").issue({"sub": "a"}, now=ISSUED)
    anonymous = tokens.issue({"role": "admin"}, now=ISSUED)
    for token in (other, anonymous, "not-a-token"):
        with pytest.raises(AuthenticationError, match="not valid"):
            tokens.read(token)


def test_remembered_tokens_are_bounded() -> None:
    tokens = TokenService("s" * 32, remember=3, now=Clock())
    issued = [tokens.issue({"sub": f"u{i}"}, now=ISSUED) for i in range(10)]
    assert [tokens.read(t)["sub"] for t in issued] == [f"u{i}" for i in range(10)]
    assert len(tokens._verified) <= 3
