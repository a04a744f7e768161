"""Conformance runs, their scenarios and the observed messages (issue 17). Each call is one
transaction: evidence is kept whatever the use case it observed did."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import Session

from app.adapters.sql.database import Database
from app.adapters.sql.tables.conformance_tables import (
    ConformanceMessageRow,
    ConformanceRunRow,
    ConformanceScenarioRow,
)
from app.adapters.sql.tables.outbox_tables import PushDeliveryRow
from app.domain.conformance.model import (
    Action,
    Check,
    Direction,
    Fault,
    Observed,
    Outcome,
    Protocol,
)
from app.domain.conformance.run import ActiveScenario, ConformanceRun, ScenarioState
from app.domain.push import PushEventType

RUN = ConformanceRunRow.__table__  # type: ignore[attr-defined]
SCENARIO = ConformanceScenarioRow.__table__  # type: ignore[attr-defined]
MESSAGE = ConformanceMessageRow.__table__  # type: ignore[attr-defined]
DELIVERY = PushDeliveryRow.__table__  # type: ignore[attr-defined]
DECISION = PushEventType.DECISION.value
EXCERPT = 64_000  # characters of a request or reply kept as evidence


class SqlConformanceRuns:
    def __init__(self, database: Database) -> None:
        self._database = database

    def add(self, run: ConformanceRun, scenarios: Sequence[ScenarioState]) -> None:
        with self._database.session() as s:
            s.add(
                ConformanceRunRow(
                    id=run.id,
                    account=run.account,
                    tps_code=run.tps,
                    protocol=run.protocol.value,
                    quirks=run.quirks,
                    opened_at=run.opened_at,
                )
            )
            s.flush()
            for position, state in enumerate(scenarios):
                s.add(ConformanceScenarioRow(position=position, **_scenario_values(state)))
            s.commit()

    def get(self, run_id: str) -> ConformanceRun | None:
        with self._database.session(read_only=True) as s:
            row = s.execute(select(RUN).where(RUN.c.id == run_id)).first()
        return None if row is None else _run(row)

    def scenarios(self, run_id: str) -> list[ScenarioState]:
        query = select(SCENARIO).where(SCENARIO.c.run_id == run_id).order_by(SCENARIO.c.position)
        with self._database.session(read_only=True) as s:
            return [_scenario(r) for r in s.execute(query)]

    def scenario(self, run_id: str, scenario_id: str) -> ScenarioState | None:
        where = and_(SCENARIO.c.run_id == run_id, SCENARIO.c.scenario_id == scenario_id)
        with self._database.session(read_only=True) as s:
            row = s.execute(select(SCENARIO).where(where)).first()
        return None if row is None else _scenario(row)

    def save_scenario(self, state: ScenarioState) -> None:
        where = and_(SCENARIO.c.run_id == state.run_id, SCENARIO.c.scenario_id == state.scenario_id)
        with self._database.session() as s:
            s.execute(update(SCENARIO).where(where).values(_scenario_values(state)))
            s.commit()

    def claim(self, run_id: str, scenario_id: str) -> bool:
        # one conditional UPDATE: two instances starting two scenarios cannot both win
        free = (RUN.c.running.is_(None)) | (RUN.c.running == scenario_id)
        with self._database.session() as s:
            result = s.execute(
                update(RUN)
                .where(RUN.c.id == run_id, RUN.c.finished_at.is_(None), free)
                .values(running=scenario_id)
            )
            s.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def release(self, run_id: str, scenario_id: str) -> None:
        with self._database.session() as s:
            s.execute(
                update(RUN)
                .where(RUN.c.id == run_id, RUN.c.running == scenario_id)
                .values(running=None)
            )
            s.commit()

    def finish(self, run_id: str, at: datetime) -> None:
        with self._database.session() as s:
            s.execute(
                update(RUN)
                .where(RUN.c.id == run_id, RUN.c.finished_at.is_(None))
                .values(finished_at=at, running=None)
            )
            s.commit()

    def record(self, run_id: str, scenario_id: str | None, message: Observed) -> Observed:
        with self._database.session() as s:
            seq = _next_seq(s, run_id)
            s.add(ConformanceMessageRow(**_message_values(run_id, scenario_id, seq, message)))
            s.commit()
        return replace(message, seq=seq)

    def messages(self, run_id: str, scenario_id: str | None = None) -> tuple[Observed, ...]:
        query = select(MESSAGE).where(MESSAGE.c.run_id == run_id)
        if scenario_id is not None:
            query = query.where(MESSAGE.c.scenario_id == scenario_id)
        with self._database.session(read_only=True) as s:
            return tuple(_observed(r) for r in s.execute(query.order_by(MESSAGE.c.seq)))

    def counts(self, run_id: str) -> dict[str, int]:
        query = (
            select(MESSAGE.c.scenario_id, func.count())
            .where(MESSAGE.c.run_id == run_id, MESSAGE.c.scenario_id.is_not(None))
            .group_by(MESSAGE.c.scenario_id)
        )
        with self._database.session(read_only=True) as s:
            return {r[0]: int(r[1]) for r in s.execute(query)}

    def active(self) -> list[ActiveScenario]:
        query = select(RUN).where(RUN.c.finished_at.is_(None), RUN.c.running.is_not(None))
        with self._database.session(read_only=True) as s:
            rows = s.execute(query).all()
        return [
            ActiveScenario(
                r.id, r.running, r.account, r.tps_code, Protocol(r.protocol), bool(r.quirks)
            )
            for r in rows
        ]

    def any_open(self) -> bool:
        with self._database.session(read_only=True) as s:
            return bool(s.execute(select(exists().where(RUN.c.finished_at.is_(None)))).scalar())


class SqlPushRedelivery:
    """PushRedelivery on the push outbox (DUPLICATE_DELIVERY over REST, PLP-13)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def redeliver(self, request_id: str, at: datetime) -> int:
        """The latest decision event, queued again for each callback it went to."""
        with self._database.session() as s:
            latest = s.execute(
                select(DELIVERY.c.event_id)
                .where(DELIVERY.c.request_id == request_id, DELIVERY.c.event_type == DECISION)
                .order_by(DELIVERY.c.created_at.desc(), DELIVERY.c.id.desc())
                .limit(1)
            ).scalar()
            if latest is None:
                return 0
            rows = s.execute(select(DELIVERY).where(DELIVERY.c.event_id == latest)).all()
            for r in rows:
                s.add(
                    PushDeliveryRow(
                        event_id=r.event_id,
                        event_type=r.event_type,
                        tps_code=r.tps_code,
                        username=r.username,
                        url=r.url,
                        request_id=r.request_id,
                        body=r.body,
                        created_at=at,
                        next_attempt_at=at,
                        expires_at=r.expires_at
                        if r.expires_at > at
                        else at + (r.expires_at - r.created_at),
                    )
                )
            s.commit()
        return len(rows)


def _next_seq(s: Session, run_id: str) -> int:
    """The run's row is the counter: its UPDATE locks it until commit, so numbers never clash."""
    s.execute(update(RUN).where(RUN.c.id == run_id).values(next_seq=RUN.c.next_seq + 1))
    return int(s.execute(select(RUN.c.next_seq).where(RUN.c.id == run_id)).scalar_one())


def _run(r: Any) -> ConformanceRun:
    return ConformanceRun(
        r.id,
        r.account,
        r.tps_code,
        Protocol(r.protocol),
        bool(r.quirks),
        r.opened_at,
        r.finished_at,
        r.running,
    )


def _scenario_values(state: ScenarioState) -> dict[str, Any]:
    return {
        "run_id": state.run_id,
        "scenario_id": state.scenario_id,
        "outcome": state.outcome.value,
        "started_at": state.started_at,
        "finished_at": state.finished_at,
        "data": dict(state.data),
        "checks": [_check_doc(c) for c in state.checks],
        "done": sorted(state.done),
        "quirks": list(state.quirks),
    }


def _scenario(r: Any) -> ScenarioState:
    return ScenarioState(
        r.run_id,
        r.scenario_id,
        dict(r.data or {}),
        Outcome(r.outcome),
        r.started_at,
        r.finished_at,
        tuple(_check(c) for c in r.checks or ()),
        frozenset(r.done or ()),
        tuple(r.quirks or ()),
    )


def _check_doc(c: Check) -> dict[str, Any]:
    return {
        "key": c.key,
        "passed": c.passed,
        "expected": c.expected,
        "observed": c.observed,
        "rule": c.rule,
        "evidence": list(c.evidence),
    }


def _check(d: Mapping[str, Any]) -> Check:
    return Check(
        d["key"], bool(d["passed"]), d["expected"], d["observed"], d["rule"], tuple(d["evidence"])
    )


def _message_values(run_id: str, scenario_id: str | None, seq: int, m: Observed) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "seq": seq,
        "scenario_id": scenario_id,
        "at": m.at,
        "direction": m.direction.value,
        "protocol": m.protocol.value,
        "operation": m.operation[:120],
        "action": m.action.value,
        "ref_number": (m.ref_number or None) and m.ref_number[:50],
        "containers": list(m.containers),
        "status": m.status,
        "result": m.result[:200],
        "fault": m.fault.value if m.fault else None,
        "request": m.request[:EXCERPT],
        "reply": m.reply[:EXCERPT],
        "details": dict(m.details),
    }


def _observed(r: Any) -> Observed:
    return Observed(
        seq=r.seq,
        at=r.at,
        direction=Direction(r.direction),
        protocol=Protocol(r.protocol),
        operation=r.operation,
        action=Action(r.action),
        ref_number=r.ref_number,
        containers=tuple(r.containers or ()),
        status=r.status,
        result=r.result,
        fault=Fault(r.fault) if r.fault else None,
        request=r.request,
        reply=r.reply,
        details=dict(r.details or {}),
    )
