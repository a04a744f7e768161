"""The conformance pack's tap on every channel (issue 17): while a scenario of a run is
running, each message its account sends is kept as evidence, the fault the scenario calls for
is injected, and the simulator's next moves are carried out once the answer is out.

With no run open the tap costs a clock read per request (`ActiveRuns` refreshes once a
second), so the submission's throughput is unchanged. Faults:
  UNAVAILABLE        503 with Retry-After, the app is never called
  LATENCY            the answer is held back the scenario's `latency_seconds`
  DROP_AFTER_COMMIT  the app commits; half the answer is sent under the full Content-Length
                     and the connection is closed: the client sees an incomplete read
  TRUNCATED_REPLY    the answer's body cut in half (a complete HTTP answer of broken XML/JSON)
  MALFORMED_REPLY    the answer's body broken in the middle
  DUPLICATE_DELIVERY the last answer delivered to this kind of poll, delivered again
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import anyio
from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.http import conformance_quirks as quirks
from app.api.http import conformance_wire as wire
from app.api.http.conformance_desk import ActiveRuns, TokenFacts
from app.domain.conformance import catalogue
from app.domain.conformance.model import Action, Direction, Fault, Observed, Protocol
from app.domain.conformance.run import ActiveScenario
from app.domain.services import conformance_runs as runs

log = logging.getLogger("plp.conformance")
EXCERPT = 64_000
DEFAULT_LATENCY = 5.0
RETRY_AFTER = b"2"
REPLY_FAULTS = (Fault.TRUNCATED_REPLY, Fault.MALFORMED_REPLY)


class ConformanceTap:
    def __init__(
        self, app: ASGIApp, active: ActiveRuns, token_facts: Callable[[str], TokenFacts]
    ) -> None:
        self.app, self.active, self.token_facts = app, active, token_facts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        observed = scope["type"] == "http" and wire.observed_path(scope["path"])
        if not observed or not await self.active.current():
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        body, more = await _read_body(receive)
        replay = _replay(body, more, receive)
        headers = _headers(scope)
        content_type = headers.get("content-type", "")
        token = _bearer(headers)
        facts = self.token_facts(token) if token else TokenFacts(None, None)
        account = facts.subject or wire.username(path, body, content_type)
        running = self.active.of(account) if account else None
        if running is None:
            await self.app(scope, replay, send)
            return
        method, query = scope["method"], scope.get("query_string", b"").decode("latin-1")
        read = wire.read(method, path, content_type, query, body)
        details = {**read.details, "clock": self.active.desk.clock.now().isoformat()}
        if read.action is Action.SUBMIT:
            details["goods_digest"] = wire.goods_digest(read)
        incoming = Observed(
            seq=0,
            at=datetime.now(UTC),
            direction=Direction.CLIENT,
            protocol=read.protocol,
            operation=read.operation,
            action=read.action,
            ref_number=read.ref_number,
            containers=read.containers,
            request=wire.masked(body[:EXCERPT].decode("utf-8", "replace")),
            details=details,
        )
        await _Exchange(self, scope, replay, send, running, incoming, facts.issued_at).run()


class _Exchange:
    """One observed request of a running scenario."""

    def __init__(
        self,
        tap: ConformanceTap,
        scope: Scope,
        receive: Receive,
        send: Send,
        running: ActiveScenario,
        incoming: Observed,
        token_issued: float | None,
    ) -> None:
        self.tap, self.scope, self.receive, self.send = tap, scope, receive, send
        self.running, self.incoming, self.token_issued = running, incoming, token_issued
        self.desk = tap.active.desk
        self.quirks = quirks.applied(running)

    async def run(self) -> None:
        if self._token_too_old():
            expired = json.dumps(quirks.EXPIRED).encode()
            await self._record(None, 401, expired, "application/json")
            await self._quirk(quirks.SHORT_TOKEN_LIFETIME)
            await _answer(self.send, 401, expired, [(b"content-type", b"application/json")])
            return
        fault = await to_thread.run_sync(runs.fault_for, self.desk, self.running, self.incoming)
        if fault is Fault.UNAVAILABLE:
            await self._record(fault, 503, b"Service Unavailable")
            await _answer(self.send, 503, b"Service Unavailable", [(b"retry-after", RETRY_AFTER)])
            await self._act()
            return
        if fault is Fault.DUPLICATE_DELIVERY and await self._repeat():
            return
        if fault is Fault.LATENCY:
            await anyio.sleep(self._latency())
        start, reply = await self._call_app()
        status, kind = int(start["status"]), _content_type(start)
        if fault is None and self._hands_over(reply):
            # asked again once answered: an approval made while this poll was read is in its
            # answer, and the fault keyed to it must not miss it (the moves' record waits)
            again = await to_thread.run_sync(runs.fault_for, self.desk, self.running, self.incoming)
            fault = again if again in REPLY_FAULTS else None
        if fault is Fault.DROP_AFTER_COMMIT:
            await self._record(fault, None, reply, kind)
            await self.send(start)
            await self.send(
                {"type": "http.response.body", "body": reply[: len(reply) // 2], "more_body": True}
            )
            await self._act()
            # returning without the rest: the server closes the connection mid-answer
            return
        sent, refused_status = reply, None
        protocol = self.incoming.protocol
        if quirks.ERROR_IN_HTTP_200 in self.quirks and quirks.refused_in_200(protocol, status):
            refused_status, status = status, 200
            start = {**start, "status": 200}
            await self._quirk(quirks.ERROR_IN_HTTP_200)
        if quirks.MIXED_DATE_FORMATS in self.quirks and protocol is Protocol.H2H and status == 200:
            mixed = quirks.mixed_dates(reply)
            if mixed is not None:
                sent = mixed
                await self._quirk(quirks.MIXED_DATE_FORMATS)
        if fault is Fault.TRUNCATED_REPLY:
            sent = reply[: max(1, len(reply) // 2)]
        elif fault is Fault.MALFORMED_REPLY:
            half = len(reply) // 2
            sent = reply[:half] + b"<<\x00 broken {" + reply[half:]
        if sent is not reply:
            start = _with_length(start, len(sent))
        handed = await self._record(fault, status, reply, kind, refused_status)
        if handed and quirks.FETCH_ONCE in self.quirks:
            await self._quirk(quirks.FETCH_ONCE)
        await self.send(start)
        await self.send({"type": "http.response.body", "body": sent, "more_body": False})
        await self._act()

    def _hands_over(self, reply: bytes) -> bool:
        action = self.incoming.action
        if action not in wire.POLLS:
            return False
        destination = action is Action.POLL_DESTINATION
        return bool(wire.delivered(self.incoming.protocol, reply, destination))

    async def _call_app(self) -> tuple[Message, bytes]:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.tap.app(self.scope, self.receive, capture)
        return start, b"".join(chunks)

    async def _repeat(self) -> bool:
        """The last answer delivered to the same kind of poll in this scenario, again."""
        earlier = await to_thread.run_sync(
            self.desk.runs.messages, self.running.run_id, self.running.scenario_id
        )
        last = next(
            (
                m
                for m in reversed(earlier)
                if m.action is self.incoming.action and m.status == 200 and m.reply
            ),
            None,
        )
        if last is None:
            return False
        reply = last.reply.encode()
        kind = last.details.get("content_type", "text/xml; charset=utf-8")
        await self._record(Fault.DUPLICATE_DELIVERY, 200, reply, content_type=kind)
        await _answer(self.send, 200, reply, [(b"content-type", kind.encode("latin-1"))])
        await self._act()
        return True

    def _latency(self) -> float:
        spec = catalogue.scenario(self.running.scenario_id)
        try:
            return float(spec.params.get("latency_seconds", DEFAULT_LATENCY))
        except ValueError:
            return DEFAULT_LATENCY

    def _token_too_old(self) -> bool:
        """short_token_lifetime: the client must log in again long before `expires_in`."""
        if quirks.SHORT_TOKEN_LIFETIME not in self.quirks or self.token_issued is None:
            return False
        if self.incoming.protocol is not Protocol.H2H or self.incoming.action is Action.LOGIN:
            return False
        return time.time() - self.token_issued > quirks.token_seconds(self.running)

    async def _quirk(self, name: str) -> None:
        await to_thread.run_sync(runs.note_quirk, self.desk, self.running, name)

    async def _record(
        self,
        fault: Fault | None,
        status: int | None,
        reply: bytes,
        content_type: str = "",
        refused_status: int | None = None,
    ) -> list[str]:
        """Keep the message; `refused_status` is the status an answer had before a quirk made
        it a 200 (its outcome is still a refusal). Returns what a poll handed over."""
        text = reply[:EXCERPT].decode("utf-8", "replace")
        result = wire.result_of(reply, status or 0)
        action = self.incoming.action
        details = dict(self.incoming.details)
        details["replied_at"] = datetime.now(UTC).isoformat()
        if content_type:
            details["content_type"] = content_type
        handed: list[str] = []
        if action in wire.POLLS and status == 200:
            destination = action is Action.POLL_DESTINATION
            handed = wire.delivered(self.incoming.protocol, reply, destination)
            if handed:
                details["delivered"] = ",".join(handed)
        judged = refused_status or status
        details["outcome"] = (
            "failed" if fault is Fault.UNAVAILABLE else wire.outcome(action, judged, result, handed)
        )
        if fault is None and wire.says_manual(text):  # F2: a refusal, whatever its status
            details["manual"], details["outcome"] = "1", "refused"
        if details["outcome"] == "refused" and wire.says_duplicate(text) and await self._resent():
            details["outcome"], details["replayed"] = "accepted", "1"
        message = replace(
            self.incoming,
            status=status,
            result=result,
            fault=fault,
            reply=text,
            details=details,
        )
        await to_thread.run_sync(runs.observe, self.desk, self.running, message)
        return handed

    async def _resent(self) -> bool:
        """H2H answers a resend of an accepted document as "reference already used" (DJBC's
        note 9.7): the same REF_NUMBER and goods accepted before in this scenario make it the
        idempotent acceptance it is."""
        m = self.incoming
        if m.action is not Action.SUBMIT or not m.ref_number:
            return False
        earlier = await to_thread.run_sync(
            self.desk.runs.messages, self.running.run_id, self.running.scenario_id
        )
        return any(
            e.action is Action.SUBMIT
            and e.ref_number == m.ref_number
            and e.details.get("goods_digest") == m.details.get("goods_digest")
            and e.details.get("outcome") == "accepted"
            for e in earlier
        )

    async def _act(self) -> None:
        """The simulator's moves due now, once the answer is out (the client never waits on
        an officer)."""
        try:
            await to_thread.run_sync(runs.act, self.desk, self.running)
        except Exception:  # a move failed: the client's answer is out already; it is logged
            log.exception("conformance run %s: a move failed", self.running.run_id)


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay


def _bearer(headers: dict[str, str]) -> str:
    auth = headers.get("authorization", "")
    return auth[7:].strip() if auth[:7].lower() == "bearer " else ""


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers") or ()}


def _content_type(start: Message) -> str:
    for k, v in start.get("headers", []):
        if k.lower() == b"content-type":
            return str(v.decode("latin-1"))
    return ""


def _with_length(start: Message, length: int) -> Message:
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(length).encode()))
    return {**start, "headers": headers}


async def _answer(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    all_headers = [(b"content-length", str(len(body)).encode()), *headers]
    if not any(k == b"content-type" for k, _ in headers):
        all_headers.append((b"content-type", b"text/plain; charset=utf-8"))
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
