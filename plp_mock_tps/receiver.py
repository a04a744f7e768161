"""A small callback receiver: what a TPS runs to be told of decisions without polling. It
checks every delivery's signature and freshness and keeps each event once (by event id)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOLERANCE_SECONDS = 300  # a captured delivery replayed later is refused


def verify_signature(
    secret: str, headers: dict[str, str], body: bytes, now: float | None = None
) -> bool:
    """`X-PLP-Signature: v1=<hex HMAC-SHA256(secret, "<X-PLP-Timestamp>.<body>")>`."""
    lower = {k.lower(): v for k, v in headers.items()}
    stamp, sent = lower.get("x-plp-timestamp", ""), lower.get("x-plp-signature", "")
    if not stamp.isdigit() or abs((now or time.time()) - int(stamp)) > TOLERANCE_SECONDS:
        return False
    mac = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(sent, f"v1={mac}")


@dataclass
class Received:
    event_id: str
    event_type: str
    body: dict[str, Any]
    attempt: int
    valid: bool


@dataclass
class CallbackReceiver:
    """Listens on 127.0.0.1 (or `host`); `secrets` maps an account to its signing secret,
    and the path `/<account>` tells which account a delivery is for."""

    host: str = "127.0.0.1"
    port: int = 0
    secrets: dict[str, str] = field(default_factory=dict)
    events: dict[str, Received] = field(default_factory=dict)  # by event id: de-duplicated
    duplicates: int = 0
    invalid: int = 0
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _server: ThreadingHTTPServer | None = None

    def url(self, account: str) -> str:
        return f"http://{self.host}:{self.port}/{account}"

    def start(self) -> CallbackReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                account = self.path.strip("/")
                ok = receiver.accept(account, dict(self.headers.items()), body)
                self.send_response(204 if ok else 401)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def accept(self, account: str, headers: dict[str, str], body: bytes) -> bool:
        valid = verify_signature(self.secrets.get(account, ""), headers, body)
        lower = {k.lower(): v for k, v in headers.items()}
        with self._changed:
            if not valid:
                self.invalid += 1
                return False
            event_id = lower.get("x-plp-event-id", "")
            if event_id in self.events:
                self.duplicates += 1  # at-least-once: a resend is acknowledged, kept once
                return True
            self.events[event_id] = Received(
                event_id,
                lower.get("x-plp-event-type", ""),
                json.loads(body),
                int(lower.get("x-plp-delivery-attempt", "1")),
                valid,
            )
            self._changed.notify_all()
        return True

    def wait_for(self, match: Callable[[Received], bool], timeout: float = 10.0) -> Received | None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((e for e in self.events.values() if match(e)), None)
                left = deadline - time.monotonic()
                if found is not None or left <= 0:
                    return found
                self._changed.wait(left)
