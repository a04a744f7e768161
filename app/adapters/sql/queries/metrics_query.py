"""What /metrics reads from the database: work waiting per queue, SLA breaches, office modes.

Only requests still in the procedure are counted (finished ones pile up for ever, waiting work
does not), through the status index, so a scrape stays cheap with millions of stored requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, case, func, inspect, or_, select, text
from sqlalchemy.exc import SQLAlchemyError

from app.adapters.sql.database import Database
from app.adapters.sql.tables.plp_tables import PlpRequestRow
from app.adapters.sql.tables.reference_tables import OfficeRow
from app.domain.status import ACTIVE, PlpStatus

R = PlpRequestRow.__table__.c  # type: ignore[attr-defined]
O = OfficeRow.__table__.c  # type: ignore[attr-defined]  # noqa: E741
S = PlpStatus

# queue -> condition; the roles' work queues of app.domain.queues, without the per-TPS scope
_IN_REVIEW = R.status == S.IN_REVIEW.value
_NOTICED = and_(  # H1: an out-of-hours move announced and still to come
    R.status.in_([S.APPROVED.value, S.RELEASED.value]), R.out_of_hours_notice_at.is_not(None)
)
QUEUES = {
    "manifest_officer": or_(
        and_(_IN_REVIEW, R.manifest_rec_at.is_(None)), R.status == S.RELEASE_REFUSED.value
    ),
    "p2_officer": and_(_IN_REVIEW, R.needs_p2, R.p2_rec_at.is_(None)),
    "kasubsi_manifest": or_(
        and_(
            _IN_REVIEW, R.manifest_rec_at.is_not(None), or_(~R.needs_p2, R.p2_rec_at.is_not(None))
        ),
        _NOTICED,  # H1
    ),
    # T1: a lapsed approval waits for the P2 section, not the gate
    "origin_supervisor": and_(R.status == S.APPROVED.value, R.approval_lapsed_at.is_(None)),
    "tps_operator": or_(
        and_(R.status == S.RELEASED.value, R.approval_lapsed_at.is_(None)),
        R.status == S.ENTERED.value,
    ),
    "destination_supervisor": R.status == S.GATED_OUT.value,
    "p2_section": or_(
        R.status.in_([S.DISCREPANCY.value, S.HELD.value]),
        R.seal_alert.is_(True),  # S1
        R.out_of_hours_alert.is_(True),  # H1: moved out of hours without the notice
        _NOTICED,  # H1: its copy of the notice
        and_(  # T1: flagged by the transit watch
            R.status.in_([S.APPROVED.value, S.RELEASE_REFUSED.value, S.RELEASED.value]),
            R.approval_lapsed_at.is_not(None),
        ),
        and_(
            R.status.in_([S.RELEASED.value, S.GATED_OUT.value, S.ENTERED.value]),
            R.transit_overdue_at.is_not(None),
        ),
    ),
}


@dataclass
class OperationalFigures:
    queues: dict[tuple[str, str], int] = field(default_factory=dict)  # (office, queue)
    by_status: dict[tuple[str, str], int] = field(default_factory=dict)  # (office, status)
    sla_breached: dict[str, int] = field(default_factory=dict)  # office -> open breached
    manual_offices: dict[str, bool] = field(default_factory=dict)  # office -> manual mode
    outbox_backlog: int | None = None  # None: no outbox table in this database yet


def read(database: Database) -> OperationalFigures:
    figures = OperationalFigures()
    counts = [func.sum(case((cond, 1), else_=0)) for cond in QUEUES.values()]
    breached = func.sum(case((and_(_IN_REVIEW, R.sla_breached_at.is_not(None)), 1), else_=0))
    query = (
        select(R.office_code, R.status, func.count(), breached, *counts)
        .where(R.status.in_(sorted(s.value for s in ACTIVE)))
        .group_by(R.office_code, R.status)
    )
    with database.read_engine.connect() as conn:
        for office, status, total, breaches, *per_queue in conn.execute(query):
            figures.by_status[(office, status)] = int(total)
            figures.sla_breached[office] = figures.sla_breached.get(office, 0) + int(breaches)
            for name, n in zip(QUEUES, per_queue, strict=True):
                key = (office, name)
                figures.queues[key] = figures.queues.get(key, 0) + int(n or 0)
        for code, mode in conn.execute(select(O.code, O.mode)):
            figures.manual_offices[code] = mode == "manual"
            figures.sla_breached.setdefault(code, 0)
        figures.outbox_backlog = _outbox_backlog(conn)
    return figures


def _outbox_backlog(conn: Connection) -> int | None:
    """Issue 5's push-delivery outbox (`push_delivery`): rows still pending. Read by name, so
    a database migrated before that table existed reports nothing instead of failing."""
    if "push_delivery" not in inspect(conn).get_table_names():
        return None
    try:
        with conn.begin_nested():
            query = text("SELECT count(*) FROM push_delivery WHERE status = 'pending'")
            return int(conn.execute(query).scalar_one())
    except SQLAlchemyError:
        return None
