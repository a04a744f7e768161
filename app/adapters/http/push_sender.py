"""Sends one push event to a TPS callback URL, signed, and says how it went.

Headers (documented in plp_mock_tps/README.md, checked by the mock client's receiver):
- `X-PLP-Event-Id`: the event id, the same on every retry: receivers de-duplicate on it
- `X-PLP-Event-Type`: decision, cancellation, manual_procedure, discrepancy or transit_watch
- `X-PLP-Timestamp`: Unix seconds, real time of this attempt (not the test clock)
- `X-PLP-Signature`: `v1=` + hex HMAC-SHA256 with the account's secret of
  `<timestamp>.<raw body>`; receivers compare in constant time and refuse stale timestamps
- `X-PLP-Delivery-Attempt`: 1 for the first try
Any 2xx is success; anything else, a timeout or a refused connection is retried.

Never inward (SSRF): the URL is checked again before each call (app/domain/callback_address,
which also judged it at registration), and the connection goes through `CheckedNetwork`,
which resolves the host once, keeps only the addresses the policy allows and connects to those
by address, so the address checked is the address connected (no DNS rebinding in between).
A URL or host the policy refuses is `refused` (the job marks the delivery dead at once).
Environment proxies and .netrc are ignored: nothing but the URL decides where a delivery goes
(a proxy would resolve the host itself, past the check).
"""

from __future__ import annotations

import hashlib
import hmac
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from ipaddress import ip_address

import httpcore
import httpx

from app.domain.callback_address import Address, CallbackPolicy
from app.domain.push import FAILED, REFUSED

USER_AGENT = "PLP-Online-Push/1"
MAX_ADDRESSES = 3  # of a host's allowed addresses, tried in turn
Resolver = Callable[[str, int], list[Address]]


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status_code: int | None
    error: str  # empty on success
    endpoint_down: bool  # no answer at all (timeout, refused): skip its other events for now
    refused: bool = False  # the policy refuses the URL or every address of its host: not sent


class RefusedAddressError(Exception):
    """The callback's host has no address the policy allows: nothing was connected."""


def system_resolver(host: str, port: int) -> list[Address]:
    """The host's addresses, as the system resolves them (a literal address is itself)."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(ip_address(info[4][0]) for info in found))


def _literal(host: str) -> list[Address]:
    try:
        return [ip_address(host)]
    except ValueError:
        return []


class CheckedNetwork(httpcore.NetworkBackend):
    """httpcore's network, resolving each callback host once and connecting only to addresses
    the policy allows, by address (TLS still verifies the certificate for the host name)."""

    def __init__(
        self,
        policy: CallbackPolicy,
        resolve: Resolver = system_resolver,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self._policy, self._resolve = policy, resolve
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            found = _literal(host) or self._resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        verdicts = [(a, self._policy.address_refusal(a)) for a in found]
        allowed = [a for a, refusal in verdicts if refusal is None]
        if not allowed:
            seen = ", ".join(f"{a} ({refusal})" for a, refusal in verdicts) or "nothing"
            raise RefusedAddressError(f"{host} resolves to no allowed address: {seen}")
        error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in allowed[:MAX_ADDRESSES]:
            try:
                return self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise RefusedAddressError("a callback is never sent to a unix socket")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class CheckedTransport(httpx.HTTPTransport):
    """httpx's own transport over `CheckedNetwork`. httpx takes no network backend, so its
    connection pool is replaced by the same pool with ours (the push delivery tests send
    through it: a change in httpx shows there)."""

    def __init__(self, limits: httpx.Limits, policy: CallbackPolicy, resolve: Resolver) -> None:
        ssl_context = httpx.create_ssl_context()  # SSL_CERT_FILE / SSL_CERT_DIR still apply
        super().__init__(verify=ssl_context, limits=limits, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=CheckedNetwork(policy, resolve),
        )


def push_client(
    timeout_seconds: float,
    max_connections: int,
    policy: CallbackPolicy | None = None,
    resolve: Resolver = system_resolver,
) -> httpx.Client:
    """One client for every endpoint: redirects are not followed (a callback URL is exact);
    connections only to addresses `policy` allows (by default, test mode's: public only)."""
    timeout = httpx.Timeout(timeout_seconds, connect=min(timeout_seconds, 5.0))
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=16)
    transport = CheckedTransport(limits, policy or CallbackPolicy(), resolve)
    return httpx.Client(
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT},
    )


class HttpPushSender:
    def __init__(self, client: httpx.Client, policy: CallbackPolicy | None = None) -> None:
        """`policy` judges each URL before its call; the client's network, each address."""
        self._client = client
        self._policy = policy or CallbackPolicy()

    def send(
        self, url: str, event_id: str, event_type: str, body: str, secret: str, attempt: int
    ) -> SendResult:
        refusal = self._policy.url_refusal(url)
        if refusal is not None:
            return SendResult(False, None, f"{REFUSED}: {refusal}", False, refused=True)
        raw = body.encode()
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-PLP-Event-Id": event_id,
            "X-PLP-Event-Type": event_type,
            "X-PLP-Timestamp": stamp,
            "X-PLP-Signature": signature(secret, stamp, raw),
            "X-PLP-Delivery-Attempt": str(attempt),
        }
        try:
            response = self._client.post(url, content=raw, headers=headers)
        except RefusedAddressError as exc:
            return SendResult(False, None, f"{REFUSED}: {exc}", False, refused=True)
        except httpx.TimeoutException as exc:
            return SendResult(False, None, f"{FAILED}: timeout ({exc.__class__.__name__})", True)
        except httpx.HTTPError as exc:
            return SendResult(False, None, f"{FAILED}: {exc.__class__.__name__}: {exc}", True)
        if response.is_success:
            return SendResult(True, response.status_code, "", False)
        return SendResult(False, response.status_code, f"HTTP {response.status_code}", False)
