"""Prometheus metrics: what each process counts, and the scrape of them all.

`plp-online serve --workers N` forks N processes behind one port, and a scrape reaches one of
them: with PROMETHEUS_MULTIPROC_DIR set (the `serve` command sets it for N > 1) every process
writes its counters to files there and any process adds all of them up when scraped. Figures
read from the database (queues, SLA, office modes) are collected once per scrape, not per
process, so they are never counted twice.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.registry import Collector

ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

HTTP_REQUESTS = Counter(
    "plp_http_requests",
    "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "plp_http_request_duration_seconds",
    "Time from the request's arrival to the end of its answer, by method and route template",
    ["method", "route"],
    buckets=_BUCKETS,
)
ANSWER_CACHE = Counter(
    "plp_answer_cache",
    "Hot reads (one request, lists, queues) by outcome: hit (a kept answer), miss (built and "
    "kept), bypass (the database revision unknown: built, not kept)",
    ["outcome"],
)
LOGIN_THROTTLED = Counter(
    "plp_login_throttled",
    "Logins refused by the brute-force limit, by channel (rest, soap)",
    ["channel"],
)


# The children of each label set, found once: labels() checks and locks on every call.
_REQUEST_SERIES: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    series = _REQUEST_SERIES.get((method, route, status))
    if series is None:
        if len(_REQUEST_SERIES) >= 10_000:  # junk methods: never more than the registry holds
            _REQUEST_SERIES.clear()
        series = (
            HTTP_REQUESTS.labels(method, route, str(status)),
            HTTP_LATENCY.labels(method, route),
        )
        _REQUEST_SERIES[(method, route, status)] = series
    series[0].inc()
    series[1].observe(seconds)


def is_multiprocess() -> bool:
    return bool(os.environ.get(ENV))


def prepare_multiprocess_dir(workers: int) -> None:
    """Before forking workers: a directory for their metric files, without the files of an
    earlier run (those of dead processes would be added up forever)."""
    if workers <= 1 and not is_multiprocess():
        return
    path = Path(os.environ.get(ENV) or tempfile.mkdtemp(prefix="plp-metrics-"))
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):  # prometheus_client's files only, never anything else
        stale.unlink()
    os.environ[ENV] = str(path)


def scrape(collectors: Iterable[Collector] = ()) -> bytes:
    """The exposition text: this process's (or every worker's) metrics and the extras."""
    extra = CollectorRegistry(auto_describe=True)
    for collector in collectors:
        extra.register(collector)
    if is_multiprocess():
        multiprocess.MultiProcessCollector(extra)  # type: ignore[no-untyped-call]
        return generate_latest(extra)
    return generate_latest(REGISTRY) + generate_latest(extra)
