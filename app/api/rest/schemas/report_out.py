"""The monthly PLP report (L3) as JSON; every figure says what it counts."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from pydantic import BaseModel, Field

from app.adapters.report_files import DEFINITIONS
from app.api.rest.times import OfficeTime
from app.domain.report import (
    NORM_WORKING_DAYS,
    Breach,
    DeadlineBreaches,
    DecisionTimes,
    Figures,
    GateInTimes,
    MonthlyReport,
)

D = DEFINITIONS


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


class DecisionTimesOut(BaseModel):
    """R4: working time from request to the Kasubsi's decision, on the office calendar."""

    decided: int = Field(description=D["decided"])
    within_norm: int = Field(description=D["within_norm"])
    breaches: int = Field(description=D["breaches"])
    median_working_hours: float | None = Field(description=D["median_working_hours"])
    p90_working_hours: float | None = Field(description=D["p90_working_hours"])
    median_working_days: float | None = Field(description=D["median_working_days"])
    p90_working_days: float | None = Field(description=D["p90_working_days"])

    @classmethod
    def of(cls, t: DecisionTimes) -> DecisionTimesOut:
        rounded = {k: _r(v) if isinstance(v, float) else v for k, v in asdict(t).items()}
        return cls(**rounded)


class GateInTimesOut(BaseModel):
    """SOP 1.a: working time from the complete request to the gate-in of its last line (the
    whole service), against the same deadline; requests whose last line gated in this month."""

    gated_in: int = Field(description=D["gated_in"])
    within_norm: int = Field(description=D["gate_in_within_norm"])
    after_deadline: int = Field(description=D["gate_in_after_deadline"])
    median_working_hours: float | None = Field(description=D["gate_in_median_working_hours"])
    p90_working_hours: float | None = Field(description=D["gate_in_p90_working_hours"])
    median_working_days: float | None = Field(description=D["gate_in_median_working_days"])
    p90_working_days: float | None = Field(description=D["gate_in_p90_working_days"])

    @classmethod
    def of(cls, t: GateInTimes) -> GateInTimesOut:
        rounded = {k: _r(v) if isinstance(v, float) else v for k, v in asdict(t).items()}
        return cls(**rounded)


class DeadlineBreachesOut(BaseModel):
    """R4 in the month the deadline fell in: a request still undecided past its deadline is a
    breach of that month, not only a decision made late."""

    breached: int = Field(description=D["deadlines_breached"])
    undecided: int = Field(description=D["breached_undecided"])
    decided_late: int = Field(description=D["breached_decided_late"])
    max_overdue_working_hours: float | None = Field(description=D["max_overdue_working_hours"])

    @classmethod
    def of(cls, b: DeadlineBreaches) -> DeadlineBreachesOut:
        return cls(**asdict(b) | {"max_overdue_working_hours": _r(b.max_overdue_working_hours)})


class BreachOut(BaseModel):
    """One deadline of the month that passed without a decision."""

    ref_number: str
    origin_tps: str
    reason: str
    deadline_at: OfficeTime
    decided_at: OfficeTime | None = Field(description="null: still undecided")
    undecided: bool
    overdue_working_hours: float = Field(
        description="working time on the office calendar from the deadline to the decision "
        "or, still undecided, to generated_at"
    )

    @classmethod
    def of(cls, b: Breach) -> BreachOut:
        return cls(
            ref_number=b.ref_number,
            origin_tps=b.origin_tps,
            reason=b.reason,
            deadline_at=b.deadline_at,
            decided_at=b.decided_at,
            undecided=b.undecided,
            overdue_working_hours=round(b.overdue_working_hours, 2),
        )


class FiguresOut(BaseModel):
    requests: int = Field(description=D["requests"])
    rejected_on_arrival: int = Field(description=D["rejected_on_arrival"])
    approvals: int = Field(description=D["approvals"])
    rejections: int = Field(description=D["rejections"])
    cancellations: int = Field(description=D["cancellations"])
    cancelled_requests: int = Field(description=D["cancelled_requests"])
    origin_checks: int = Field(description=D["origin_checks"])
    origin_mismatches: int = Field(description=D["origin_mismatches"])
    destination_checks: int = Field(description=D["destination_checks"])
    destination_mismatches: int = Field(description=D["destination_mismatches"])
    gated_out: int = Field(description=D["gated_out"])
    movements_completed: int = Field(description=D["movements_completed"])
    decision_time: DecisionTimesOut
    gate_in_time: GateInTimesOut
    deadline_breaches: DeadlineBreachesOut

    @classmethod
    def of(cls, f: Figures) -> FiguresOut:
        nested = ("decision_time", "gate_in_time", "deadline_breaches")
        counts = {k: v for k, v in asdict(f).items() if k not in nested}
        return cls(
            **counts,
            decision_time=DecisionTimesOut.of(f.decision_time),
            gate_in_time=GateInTimesOut.of(f.gate_in_time),
            deadline_breaches=DeadlineBreachesOut.of(f.deadline_breaches),
        )


class DayOut(BaseModel):
    day: date
    approvals: int
    rejections: int
    rejected_on_arrival: int


class HistogramBinOut(BaseModel):
    lower: float = Field(description="working days, exclusive (the first bin includes 0)")
    upper: float | None = Field(description="working days, inclusive; null: no upper bound")
    count: int
    within_norm: bool


class MonthlyReportOut(BaseModel):
    """L3: one office, one calendar month in the office's time zone. Events count in the month
    they happened in: a request filed in one month and decided in the next counts as a
    request in the first and a decision in the second. A deadline that passes without a
    decision is a breach of the month it fell in (deadline_breaches, breaches)."""

    office_code: str = Field(examples=["040300"])
    office_name: str
    month: str = Field(examples=["2026-10"])
    timezone: str = Field(examples=["Asia/Jakarta"])
    period_start: OfficeTime
    period_end: OfficeTime = Field(description="exclusive")
    generated_at: OfficeTime
    complete: bool = Field(description="false while the month is still running")
    norm_working_days: int = NORM_WORKING_DAYS
    totals: FiguresOut
    by_tps: dict[str, FiguresOut] = Field(description="per origin TPS (where the goods leave)")
    by_reason: dict[str, FiguresOut]
    rejections_by_rule: dict[str, int] = Field(
        description="requests refused on arrival citing each rule (one request may cite "
        "several), and R3: the Kasubsi's rejections"
    )
    days: list[DayOut] = Field(description="decisions per day of the month, office time")
    decision_time_histogram: list[HistogramBinOut]
    breaches: list[BreachOut] = Field(
        description="the deadlines of the month that passed without a decision, by deadline"
    )
    charts: dict[str, str] = Field(description="links to the charts (PNG; ?format=svg)")
    load_run_requests_excluded: int = Field(
        description="requests filed by `plp-mock-tps load` runs in the month (demo and test "
        "mode): left out of every figure, chart and file of the report"
    )

    @classmethod
    def of(cls, r: MonthlyReport, charts: dict[str, str]) -> MonthlyReportOut:
        return cls(
            office_code=r.office_code,
            office_name=r.office_name,
            month=str(r.month),
            timezone=r.timezone,
            period_start=r.period_start,
            period_end=r.period_end,
            generated_at=r.generated_at,
            complete=r.complete,
            totals=FiguresOut.of(r.totals),
            by_tps={k: FiguresOut.of(v) for k, v in r.by_tps.items()},
            by_reason={k: FiguresOut.of(v) for k, v in r.by_reason.items()},
            rejections_by_rule=r.rejections_by_rule,
            days=[DayOut(**asdict(d)) for d in r.days],
            decision_time_histogram=[
                HistogramBinOut(
                    lower=b.lower, upper=b.upper, count=b.count, within_norm=b.within_norm
                )
                for b in r.histogram
            ],
            breaches=[BreachOut.of(b) for b in r.breaches],
            charts=charts,
            load_run_requests_excluded=r.load_run_requests_excluded,
        )
