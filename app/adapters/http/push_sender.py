"""Sends one push event to a TPS callback URL, signed, and says how it went.

Headers (documented in plp_mock_tps/README.md, checked by the mock client's receiver):
- `X-PLP-Event-Id`: the event id, the same on every retry: receivers de-duplicate on it
- `X-PLP-Event-Type`: decision, cancellation, manual_procedure or discrepancy
- `X-PLP-Timestamp`: Unix seconds, real time of this attempt (not the test clock)
- `X-PLP-Signature`: `v1=` + hex HMAC-SHA256 with the account's secret of
  `<timestamp>.<raw body>`; receivers compare in constant time and refuse stale timestamps
- `X-PLP-Delivery-Attempt`: 1 for the first try
Any 2xx is success; anything else, a timeout or a refused connection is retried.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

import httpx

USER_AGENT = "PLP-Online-Push/1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status_code: int | None
    error: str  # empty on success
    endpoint_down: bool  # no answer at all (timeout, refused): skip its other events for now


def push_client(timeout_seconds: float, max_connections: int) -> httpx.Client:
    """One client for every endpoint: redirects are not followed (a callback URL is exact)."""
    timeout = httpx.Timeout(timeout_seconds, connect=min(timeout_seconds, 5.0))
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=16)
    return httpx.Client(
        timeout=timeout, limits=limits, follow_redirects=False, headers={"User-Agent": USER_AGENT}
    )


class HttpPushSender:
    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def send(
        self, url: str, event_id: str, event_type: str, body: str, secret: str, attempt: int
    ) -> SendResult:
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
        except httpx.TimeoutException as exc:
            return SendResult(False, None, f"timeout: {exc.__class__.__name__}", True)
        except httpx.HTTPError as exc:
            return SendResult(False, None, f"{exc.__class__.__name__}: {exc}", True)
        if response.is_success:
            return SendResult(True, response.status_code, "", False)
        return SendResult(False, response.status_code, f"HTTP {response.status_code}", False)
