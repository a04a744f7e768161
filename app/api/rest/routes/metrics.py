"""GET /metrics: Prometheus text format. Keep it on the internal network (see README)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from fastapi import APIRouter, Response
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy.exc import SQLAlchemyError

from app.adapters import metrics
from app.adapters.sql.queries import metrics_query
from app.adapters.sql.repositories.job_run_repository import SqlJobRuns
from app.api.http.wiring import Services, ServicesDep

router = APIRouter(include_in_schema=False)


class DatabaseCollector:
    """Figures read from the database at scrape time, shared by every instance."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("plp_database_up", "1 when the database answered this scrape")
        try:
            figures = metrics_query.read(self._services.database)
            last_runs = SqlJobRuns(self._services.database).last_runs()
        except SQLAlchemyError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from _families(figures, last_runs)


def _families(
    f: metrics_query.OperationalFigures, last_runs: dict[str, datetime]
) -> Iterator[Metric]:
    queue = GaugeMetricFamily(
        "plp_queue_depth", "Requests waiting for each role's action", labels=["office", "queue"]
    )
    for (office, name), n in sorted(f.queues.items()):
        queue.add_metric([office, name], n)
    status = GaugeMetricFamily(
        "plp_requests_active", "Requests still in the procedure", labels=["office", "status"]
    )
    for (office, name), n in sorted(f.by_status.items()):
        status.add_metric([office, name], n)
    sla = GaugeMetricFamily(
        "plp_sla_breached_requests",
        "R4: requests in review past their 3-working-day deadline",
        labels=["office"],
    )
    for office, n in sorted(f.sla_breached.items()):
        sla.add_metric([office], n)
    mode = GaugeMetricFamily(
        "plp_office_manual_mode", "F1/F2: 1 while the office works manually", labels=["office"]
    )
    for office, manual in sorted(f.manual_offices.items()):
        mode.add_metric([office], 1 if manual else 0)
    jobs = GaugeMetricFamily(
        "plp_job_last_run_age_seconds", "Seconds since each scheduled job last ran", labels=["job"]
    )
    now = datetime.now(UTC)
    for job, at in sorted(last_runs.items()):
        jobs.add_metric([job], max(0.0, (now - at).total_seconds()))
    yield from (queue, status, sla, mode, jobs)
    if f.outbox_backlog is not None:
        yield GaugeMetricFamily(
            "plp_outbox_backlog", "Push deliveries not yet delivered", value=f.outbox_backlog
        )


@router.get("/metrics")
def scrape(services: ServicesDep) -> Response:
    body = metrics.scrape([DatabaseCollector(services)])
    return Response(body, media_type=metrics.CONTENT_TYPE)
