"""The push sender's network (issue 5, SSRF): one lookup per connection, only allowed addresses
connected, by address, so a name cannot answer a public address to the check and an inward
one to the connection (DNS rebinding)."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import ip_address
from typing import Any

import httpcore
import pytest

from app.adapters.http.push_sender import CheckedNetwork, RefusedAddressError
from app.domain.callback_address import Address, CallbackPolicy


class Sockets(httpcore.NetworkBackend):
    """Connects nothing: records where it was asked to connect; `down` addresses fail."""

    def __init__(self, down: tuple[str, ...] = ()) -> None:
        self.connected: list[tuple[str, int]] = []
        self.down = down

    def connect_tcp(self, host: str, port: int, *_: Any, **__: Any) -> httpcore.NetworkStream:
        self.connected.append((host, port))
        if host in self.down:
            raise httpcore.ConnectError("[Errno 111] Connection refused")
        return httpcore.MockStream([])


def answers(*rounds: list[str]) -> Any:
    """A resolver answering each lookup with the next round (a rebinding DNS server)."""
    remaining: Iterator[list[str]] = iter(rounds)
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[Address]:
        asked.append(host)
        return [ip_address(a) for a in next(remaining)]

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


def test_a_rebinding_name_connects_where_it_was_checked_and_is_refused_once_inward() -> None:
    resolve, sockets = answers(["93.184.216.34"], ["127.0.0.1"]), Sockets()
    network = CheckedNetwork(CallbackPolicy(), resolve, sockets)

    network.connect_tcp("tps.example.id", 443)
    with pytest.raises(RefusedAddressError, match="loopback"):
        network.connect_tcp("tps.example.id", 443)

    assert resolve.asked == ["tps.example.id"] * 2  # one lookup per connection
    assert sockets.connected == [("93.184.216.34", 443)]  # the checked address, by number


def test_inward_answers_are_dropped_and_the_next_allowed_address_is_tried() -> None:
    resolve = answers(["10.0.0.7", "203.0.114.9", "169.254.169.254", "8.8.4.4"])
    sockets = Sockets(down=("203.0.114.9",))
    network = CheckedNetwork(CallbackPolicy(), resolve, sockets)

    network.connect_tcp("tps.example.id", 80)

    assert sockets.connected == [("203.0.114.9", 80), ("8.8.4.4", 80)]


def test_a_literal_address_is_not_looked_up_and_loopback_is_demo_only() -> None:
    resolve, sockets = answers(), Sockets()
    with pytest.raises(RefusedAddressError):
        CheckedNetwork(CallbackPolicy.for_mode("test"), resolve, sockets).connect_tcp("::1", 80)
    CheckedNetwork(CallbackPolicy.for_mode("demo"), resolve, sockets).connect_tcp("::1", 80)
    assert resolve.asked == [] and sockets.connected == [("::1", 80)]


def test_a_name_that_does_not_resolve_is_a_connect_error_not_a_refusal() -> None:
    def resolve(host: str, port: int) -> list[Address]:
        raise OSError("Name or service not known")

    with pytest.raises(httpcore.ConnectError, match="cannot resolve"):
        CheckedNetwork(CallbackPolicy(), resolve, Sockets()).connect_tcp("nowhere.test", 80)
