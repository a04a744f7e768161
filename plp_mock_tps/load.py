"""Load mode: N virtual TPS clients for a duration or a count of iterations. An iteration files
a request for goods of its own, reads it, and cancels it (so the goods can move again); a share
of deliberately invalid requests (a wrong check digit: E6) tests the rejection path. The summary
counts requests, errors by kind, throughput and latency percentiles; `as_dict()` is the JSON."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from plp_mock_tps.connection import Connection
from plp_mock_tps.goods import GoodsPool, seed, wrong_check_digit
from plp_mock_tps.runner import DEFAULT_REQUEST
from plp_mock_tps.tps import RestTps, make_tps, new_ref

LOAD_RUN_HEADER = "X-PLP-Load-Run"  # the server's app/api/http/load_runs.py


@dataclass
class LoadOptions:
    clients: int = 4
    seconds: float | None = 10.0  # stop after this long ...
    count: int | None = None  # ... or after this many iterations in all
    protocol: str = "rest"  # the submission's wire; reads and cancellations go over REST
    invalid_share: float = 0.0  # 0.1: one request in ten is invalid on purpose (expected E6)
    tps: tuple[str, ...] = ("TPKA",)  # applicants, one per virtual client in turn
    goods: GoodsPool | None = None
    progress: bool = False
    admin: str = "admin"
    # every call of the run names it; a demo or test server tags the requests it files so the
    # monthly report leaves them out (issue 16.11)
    run_id: str = field(
        default_factory=lambda: f"load-{time.strftime('%Y%m%dT%H%M%S')}-{uuid4().hex[:6]}"
    )


@dataclass
class LoadResult:
    options: LoadOptions
    seconds: float = 0.0
    iterations: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)  # unexpected, by kind
    expected_rejections: int = 0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def unexpected_errors(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict[str, Any]:
        every = [x for v in self.latencies.values() for x in v]
        return {
            "protocol": self.options.protocol,
            "clients": self.options.clients,
            "seconds": round(self.seconds, 3),
            "iterations": self.iterations,
            "requests": self.requests,
            "throughput_rps": round(self.requests / self.seconds, 2) if self.seconds else 0.0,
            "latency_ms": _percentiles(every),
            "by_operation": {
                op: {"count": len(v), **_percentiles(v)} for op, v in sorted(self.latencies.items())
            },
            "errors": dict(self.errors),
            "unexpected_errors": self.unexpected_errors,
            "expected_rejections": self.expected_rejections,
            "load_run": self.options.run_id,
        }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": at(1.0)}


class _Load:
    def __init__(self, connection: Connection, options: LoadOptions, goods: GoodsPool) -> None:
        self.connection, self.options, self.goods = connection, options, goods
        self.result = LoadResult(options)
        self._lock = threading.Lock()
        self._left = options.count
        self._stop_at = time.monotonic() + (options.seconds or 1e9)
        self._rng = random.Random()  # noqa: S311 (test traffic)

    def record(self, label: str, seconds: float, status: int | None) -> None:
        with self._lock:
            self.result.latencies[label].append(seconds)
            if status is None:
                self.result.errors["transport"] += 1
            elif status >= 500:
                self.result.errors[f"http_{status}"] += 1

    def take_turn(self) -> bool:
        with self._lock:
            if time.monotonic() >= self._stop_at or self._left == 0:
                return False
            if self._left is not None:
                self._left -= 1
            return True

    def client(self, n: int) -> None:
        code = self.options.tps[n % len(self.options.tps)]
        account = code.lower()
        tps, rest = (
            make_tps(self.connection, account, self.options.protocol),
            RestTps(self.connection, account),
        )
        while self.take_turn():
            try:
                self.iteration(code, tps, rest)
            except Exception as exc:  # counted, and the client goes on
                with self._lock:
                    self.result.errors[f"exception:{type(exc).__name__}"] += 1
            with self._lock:
                self.result.iterations += 1

    def iteration(self, code: str, tps: Any, rest: RestTps) -> None:
        invalid = self._rng.random() < self.options.invalid_share
        try:
            goods = self.goods.take_containers(1, at=code)  # E7: goods at its own TPS
        except RuntimeError:  # every container is in a request still open: wait for one
            with self._lock:
                self.result.errors["goods_used_up"] += 1
            time.sleep(0.1)
            return
        box = (
            {"number": wrong_check_digit(goods[0]["number"]), "size": "20"} if invalid else goods[0]
        )
        body = DEFAULT_REQUEST | {  # A1: the client's own TPS is the origin
            "origin_tps": code, "origin_gudang": code,
            "office_code": self.goods.office_code, "ref_number": new_ref(code),
            "letter_number": "MOCK/LOAD", "letter_date": time.strftime("%Y-%m-%d"),
            "bc11_number": self.goods.bc11_number, "bc11_date": self.goods.bc11_date.isoformat(),
            "containers": [box], "packages": [],
        }  # fmt: skip
        outcome = tps.submit(body)
        if invalid or not outcome.accepted:  # the real container was not taken by a request
            self.goods.give_back(goods)
        if invalid:
            self._expect(not outcome.accepted and "E6" in outcome.rules, "invalid_not_refused")
            return
        if not self._expect(
            outcome.accepted and outcome.request_id,
            f"refused:{','.join(outcome.rules) or outcome.status_code}",
        ):
            return
        request = rest.read(outcome.request_id)
        cancelled = rest.cancel(request, "load test", new_ref(code))
        if not self._expect(cancelled.accepted, f"cancel_refused:{','.join(cancelled.rules)}"):
            return
        # L1: withdrawn at once while undecided; decided by then, the cancellation waits for
        # the Kasubsi and the goods stay in the PLP (not handed out again)
        if rest.read(outcome.request_id)["status"] == "CANCELLED":
            self.goods.give_back(goods)

    def _expect(self, ok: Any, kind: str) -> bool:
        with self._lock:
            if not ok:
                self.result.errors[f"unexpected:{kind}"] += 1
            elif kind == "invalid_not_refused":
                self.result.expected_rejections += 1
        return bool(ok)


def run_load(connection: Connection, options: LoadOptions | None = None) -> LoadResult:
    options = options or LoadOptions()
    goods = options.goods or seed(
        connection,
        containers=max(50, options.clients * 4),
        admin=options.admin,
        origins=options.tps,
    )
    load = _Load(connection, options, goods)
    for code in options.tps:  # log in before the clock starts
        connection.headers(code.lower())
    connection.on_request = load.record
    connection.http.headers[LOAD_RUN_HEADER] = options.run_id
    started = time.monotonic()
    threads = [
        threading.Thread(target=load.client, args=(n,), daemon=True) for n in range(options.clients)
    ]
    for t in threads:
        t.start()
    try:
        _watch(load, threads, options)
    finally:
        connection.on_request = None
        connection.http.headers.pop(LOAD_RUN_HEADER, None)
    load.result.seconds = time.monotonic() - started
    return load.result


def _watch(load: _Load, threads: list[threading.Thread], options: LoadOptions) -> None:
    if not options.progress:
        for t in threads:
            t.join()
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    total = options.count or options.seconds or 1
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(f"{options.clients} TPS clients", total=total, info="")
        started = time.monotonic()
        while any(t.is_alive() for t in threads):
            r = load.result
            done = r.iterations if options.count else time.monotonic() - started
            bar.update(
                task, completed=done, info=f"{r.requests} requests, {r.unexpected_errors} errors"
            )
            time.sleep(0.2)
