"""Small working fakes of the domain's ports (docs/architecture.md): dicts, no I/O, no database."""

from __future__ import annotations

import builtins
import copy
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Generic, TypeVar

from app.domain.calendar import NoClosedDays, WeeklySchedule, WorkingCalendar
from app.domain.eligibility import EligibilityFacts, ManifestEntry, TpsInfo
from app.domain.errors import ConflictError, DuplicateSubmissionError
from app.domain.events import AuditEvent
from app.domain.gate_report import JournalLine
from app.domain.lines import PlpLine
from app.domain.out_of_hours import AttachmentKind, OutOfHoursNotice
from app.domain.plp_parts import PlpHeader
from app.domain.plp_request import PlpRequest
from app.domain.ports.out_of_hours import OutOfHoursNotices
from app.domain.ports.plp import NumberSequence, PlpRequestRepository, PriorSubmission, TpsPair
from app.domain.ports.stock import GoodsStock
from app.domain.queues import Clause, Condition, ListFilter, Page, PlpSummary, QueueSpec, Scope
from app.domain.reference import OfficeInfo, OfficeMode
from app.domain.research import ManifestVoyage
from app.domain.stock import GoodsPosition, GoodsRef, StockFilter, StockPage
from app.domain.transit import ON_THE_ROAD, WAITING_FOR_GATE_OUT

ManifestId = tuple[str, str, date]  # office, BC 1.1 number, BC 1.1 date
T = TypeVar("T")
V = TypeVar("V")


@dataclass
class FakeStores:
    """What the reference stores know about goods, by line key (C:<number>, K:<B/L>:<date>)."""

    manifests: dict[ManifestId, dict[str, ManifestEntry]] = field(default_factory=dict)
    stock: FakeGoodsStock = field(default_factory=lambda: FakeGoodsStock())  # E7
    declared: set[str] = field(default_factory=set)  # E3: keys an import declaration covers
    released: set[str] = field(default_factory=set)  # E2: keys with an SPPB
    active_lines: set[str] = field(default_factory=set)  # E5: keys held by a PLP kept elsewhere
    voyages: dict[ManifestId, ManifestVoyage] = field(default_factory=dict)  # R5


def is_active(request: PlpRequest, line: PlpLine) -> bool:
    """E5 as the SQL adapter stores it (plp_mapping.line_row): the line still blocks its goods."""
    return request.blocks_goods(line)


@dataclass
class _Tables:
    requests: dict[str, PlpRequest] = field(default_factory=dict)
    events: dict[str, list[AuditEvent]] = field(default_factory=dict)


class _Transactional(Generic[T]):
    """Committed state plus a working copy while a unit of work is open."""

    def __init__(self, state: T) -> None:
        self._committed = state
        self._working: T | None = None

    def begin(self) -> None:
        self._working = copy.deepcopy(self._committed)

    def commit(self) -> None:
        self._committed = copy.deepcopy(self._state)

    def rollback(self) -> None:
        if self._working is not None:
            self._working = copy.deepcopy(self._committed)

    def end(self) -> None:
        self._working = None

    @property
    def _state(self) -> T:
        return self._committed if self._working is None else self._working


StockKey = tuple[str, str, date, str]  # office, BC 1.1 number, BC 1.1 date, line key


class FakeGoodsStock(_Transactional[dict[StockKey, GoodsPosition]]):
    """The TPS stock (E7) over a dict; goods without a position are on board."""

    def __init__(self) -> None:
        super().__init__({})
        self.sppb: set[str] = set()  # keys an SPPB releases

    def positions(
        self, office_code: str, bc11_number: str, bc11_date: date, keys: Any
    ) -> dict[str, GoodsPosition]:
        found = {k: self._state.get((office_code, bc11_number, bc11_date, k)) for k in keys}
        return {k: copy.deepcopy(p) for k, p in found.items() if p is not None}

    def save(self, position: GoodsPosition) -> None:
        g = position.goods
        self._state[(g.office_code, g.bc11_number, g.bc11_date, g.key)] = copy.deepcopy(position)

    def list(self, filters: StockFilter) -> StockPage:
        f = filters
        found = sorted(
            (p for p in self._state.values() if p.tps_code == f.tps_code),
            key=lambda p: (p.goods.bc11_date.isoformat(), p.goods.bc11_number, p.goods.key),
        )
        found = [
            p
            for p in found
            if (f.status is None or p.status is f.status)
            and (f.container is None or p.goods.key == f"C:{f.container}")
        ]
        return StockPage(found[: f.limit], None)

    def released(self, office_code: str, bc11_number: str, bc11_date: date, keys: Any) -> set[str]:
        return set(keys) & self.sppb

    # --- for tests ---------------------------------------------------------------------------

    def put(self, manifest: ManifestId, keys: Any, tps: str, gudang: str | None = None) -> None:
        """Reference data places these goods at a TPS, outside any unit of work."""
        for key in keys:
            position = GoodsPosition(GoodsRef(*manifest, key))
            position.place(tps, gudang or tps, None, "test")
            for state in (self._committed, self._working):
                if state is not None:
                    state[(*manifest, key)] = copy.deepcopy(position)

    def at_tps(self, manifest: ManifestId, keys: Any, tps: str) -> set[str]:
        found = self.positions(*manifest, keys)
        return {k for k, p in found.items() if p.is_at(tps)}

    def stored(self, manifest: ManifestId, key: str) -> GoodsPosition | None:
        return copy.deepcopy(self._committed.get((*manifest, key)))


class FakeGateJournal(_Transactional[list[JournalLine]]):
    def __init__(self) -> None:
        super().__init__([])

    def add(self, line: JournalLine) -> None:
        self._state.append(line)

    def accepted(self, tps_code: str, ref_number: str) -> list[JournalLine]:
        return [
            ln
            for ln in self._state
            if (ln.tps_code, ln.ref_number, ln.outcome) == (tps_code, ref_number, "accepted")
        ]

    @property
    def lines(self) -> list[JournalLine]:
        return list(self._committed)


class FakePlpRequestRepository(_Transactional[_Tables]):
    """The repository over a dict; reads and writes copies, as the database would."""

    def __init__(self, stores: FakeStores | None = None) -> None:
        super().__init__(_Tables())
        self.stores = stores or FakeStores()
        self.racing_twins: list[PlpRequest] = []  # committed by "another process" on next add

    @property
    def _t(self) -> _Tables:
        return self._state

    # --- the port ----------------------------------------------------------------------------

    def add(self, request: PlpRequest) -> None:
        if self.racing_twins:
            self._land(self.racing_twins.pop(0))
        ref, applicant = request.header.ref_number, request.applicant_tps
        if any(_same_ref(r, applicant, ref) for r in self._t.requests.values()):
            raise DuplicateSubmissionError(f"reference {ref} of {applicant} is already stored")
        taken = self._active_keys() & {ln.key for ln in request.lines if is_active(request, ln)}
        if taken:  # the unique index on active line keys (E5 under concurrency)
            raise DuplicateSubmissionError(f"goods {sorted(taken)} are in another active PLP")
        self._store(self._t, request)

    def get(self, request_id: str, for_update: bool = True) -> PlpRequest | None:
        stored = self._t.requests.get(request_id)
        return copy.deepcopy(stored)

    def save(self, request: PlpRequest) -> None:
        stored = self._t.requests.get(request.id)
        if stored is None or stored.version != request.version:
            raise ConflictError(f"request {request.id} was changed by someone else: reload it")
        request.version += 1
        self._store(self._t, request)

    def audit_trail(self, request_id: str) -> list[AuditEvent]:
        return list(self._t.events.get(request_id, []))

    def get_with_audit(self, request_id: str) -> tuple[PlpRequest, list[AuditEvent]] | None:
        request = self.get(request_id, for_update=False)
        return None if request is None else (request, self.audit_trail(request_id))

    def gather_facts(
        self, header: PlpHeader, applicant_tps: str, lines: list[PlpLine], facts_base: TpsPair
    ) -> tuple[EligibilityFacts, PriorSubmission | None]:
        requests = self._t.requests.values()
        prior = next(
            (
                PriorSubmission(r.id, r.fingerprint)
                for r in requests
                if _same_ref(r, applicant_tps, header.ref_number)
            ),
            None,
        )
        keys = {ln.key for ln in lines}
        manifest = self.stores.manifests.get(
            (header.office_code, header.bc11_number, header.bc11_date)
        )
        active = self.stores.active_lines & keys
        active |= {ln.key for r in requests for ln in r.lines if is_active(r, ln)} & keys
        manifest_id = (header.office_code, header.bc11_number, header.bc11_date)
        at_origin = self.stores.stock.at_tps(manifest_id, keys, header.origin_tps)
        facts = EligibilityFacts(
            facts_base.origin,
            facts_base.destination,
            manifest is not None,
            _only(manifest or {}, keys),
            frozenset(self.stores.declared & keys),
            frozenset(self.stores.released & keys),
            frozenset(active),
            frozenset(at_origin),
            self.stores.voyages.get((header.office_code, header.bc11_number, header.bc11_date)),
        )
        return facts, prior

    def find_by_plp_number(self, office_code: str, plp_number: str, plp_date: date) -> str | None:
        for r in self._t.requests.values():
            d, office = r.decision, r.header.office_code
            if office == office_code and d and (d.plp_number, d.plp_date) == (plp_number, plp_date):
                return r.id
        return None

    def holder_of_plp_number(self, office_code: str, plp_number: str, year: int) -> str | None:
        for r in self._t.requests.values():
            d, office = r.decision, r.header.office_code
            same_year = d is not None and d.plp_date is not None and d.plp_date.year == year
            if office == office_code and same_year and d and d.plp_number == plp_number:
                return r.id
        return None

    def find_by_ref(self, tps_code: str, ref_number: str) -> str | None:
        found = [r.id for r in self._t.requests.values() if _same_ref(r, tps_code, ref_number)]
        return found[0] if found else None

    def find_cancellation_ref(self, tps_code: str, ref_number: str) -> str | None:
        for r in self._t.requests.values():
            if r.applicant_tps == tps_code and any(
                c.ref_number == ref_number for c in r.cancellations
            ):
                return r.id
        return None

    def list(self, filters: ListFilter) -> Page:
        """Newest first, like the SQL list."""
        chosen = [r for r in self._t.requests.values() if _listed(r, filters)]
        chosen.sort(key=_cursor, reverse=True)
        if filters.after:
            chosen = [r for r in chosen if _cursor(r) < filters.after]
        return _page(chosen, filters.limit)

    def queue(self, spec: QueueSpec) -> Page:
        """Oldest first: what waits longest is done first."""
        chosen = [
            r
            for r in self._t.requests.values()
            if _in_scope(spec.scope, r) and any(_matches(c, spec.scope, r) for c in spec.clauses)
        ]
        chosen.sort(key=_cursor)
        if spec.after:
            chosen = [r for r in chosen if _cursor(r) > spec.after]
        return _page(chosen, spec.limit)

    # --- for tests ---------------------------------------------------------------------------

    def stored(self, request_id: str) -> PlpRequest:
        """The committed request, as another transaction would read it."""
        return copy.deepcopy(self._committed.requests[request_id])

    @property
    def stored_ids(self) -> builtins.list[str]:
        return list(self._committed.requests)

    def _land(self, twin: PlpRequest) -> None:
        """A concurrent transaction committed this request while ours was open."""
        self._store(self._committed, copy.deepcopy(twin))
        self._store(self._t, twin)

    def _active_keys(self) -> set[str]:
        return {ln.key for r in self._t.requests.values() for ln in r.lines if is_active(r, ln)}

    @staticmethod
    def _store(tables: _Tables, request: PlpRequest) -> None:
        tables.events.setdefault(request.id, []).extend(request.new_events)
        request.new_events.clear()
        tables.requests[request.id] = copy.deepcopy(request)


def _same_ref(request: PlpRequest, applicant_tps: str, ref_number: str) -> bool:
    return request.applicant_tps == applicant_tps and request.header.ref_number == ref_number


def _only(values: dict[str, V], keys: set[str]) -> dict[str, V]:
    return {k: v for k, v in values.items() if k in keys}


def _cursor(r: PlpRequest) -> tuple[datetime, str]:
    return (r.submitted_at, r.id)


def _in_scope(scope: Scope, r: PlpRequest) -> bool:
    if scope.tps_code:
        return scope.tps_code in (r.header.origin_tps, r.header.destination_tps)
    if scope.office_code:
        return r.header.office_code == scope.office_code
    return True


def _listed(r: PlpRequest, f: ListFilter) -> bool:
    h, day = r.header, r.submitted_at.astimezone(UTC).date()
    return (
        _in_scope(f.scope, r)
        and (not f.statuses or r.status in f.statuses)
        and (not f.tps_code or f.tps_code in (h.origin_tps, h.destination_tps))
        and (not f.reason or h.reason == f.reason)
        and (not f.submitted_from or day >= f.submitted_from)
        and (not f.submitted_to or day <= f.submitted_to)
        and (not f.ref_number or h.ref_number == f.ref_number)
        and (not f.ref_number or not f.scope.tps_code or r.applicant_tps == f.scope.tps_code)
    )


def _matches(clause: Clause, scope: Scope, r: PlpRequest) -> bool:
    """One queue clause, with the meaning list_query gives it in SQL."""
    h, tps, lapsed = r.header, scope.tps_code, r.approval_lapsed_at is not None
    condition = {
        None: True,
        Condition.MANIFEST_REC_MISSING: r.manifest_rec is None,
        Condition.P2_REC_MISSING: r.needs_p2 and r.p2_rec is None,
        Condition.RECOMMENDATIONS_COMPLETE: not r.missing_recommendations,
        Condition.ORIGIN_SUPERVISED: h.origin_tps in scope.supervised_tps and not lapsed,
        Condition.DESTINATION_SUPERVISED: h.destination_tps in scope.supervised_tps,
        Condition.TPS_MOVES_OUT: tps in (r.applicant_tps, h.origin_tps) and not lapsed,
        Condition.TPS_MOVES_IN: tps in (r.applicant_tps, h.destination_tps),
        Condition.APPROVAL_LAPSED: r.approval_lapsed_at is not None,
        Condition.TRANSIT_OVERDUE: r.transit_overdue_at is not None,
        Condition.SEAL_ALERT: r.seal_alert,
        Condition.OUT_OF_HOURS_NOTICE: r.out_of_hours_notice_at is not None,
        Condition.OUT_OF_HOURS_MOVE: r.out_of_hours_alert,
        Condition.CANCELLATION_PENDING: r.pending_cancellation is not None,
    }[clause.condition]
    return r.status is clause.status and condition


def _page(chosen: list[PlpRequest], limit: int) -> Page:
    items = [_summary(r) for r in chosen[:limit]]
    more = len(chosen) > limit
    return Page(items, (items[-1].submitted_at, items[-1].id) if more and items else None)


def _summary(r: PlpRequest) -> PlpSummary:
    h = r.header
    return PlpSummary(
        r.id,
        h.ref_number,
        r.status,
        h.office_code,
        r.applicant_tps,
        h.origin_tps,
        h.destination_tps,
        h.reason.value,
        r.channel.value,
        r.submitted_at,
        r.deadline_at,
        r.decision.plp_number if r.decision else None,
        len(r.lines),
        None if r.research_aids is None else tuple(a.code for a in r.research_aids if not a.passed),
    )


class FakeNumberSequence(_Transactional[dict[tuple[str, str, int], int]]):
    """Yearly numbers per office and kind; a rolled-back number is given again."""

    def __init__(self, last: dict[tuple[str, str, int], int] | None = None) -> None:
        super().__init__(dict(last or {}))

    def next(self, office_code: str, kind: str, year: int) -> int:
        last, key = self._state, (office_code, kind, year)
        last[key] = last.get(key, 0) + 1
        return last[key]

    def hold(self, office_code: str, kind: str, year: int) -> None:
        """One process, one transaction at a time: nothing to lock."""


@dataclass
class _Notices:
    by_request: dict[str, list[OutOfHoursNotice]] = field(default_factory=dict)
    contents: dict[tuple[str, AttachmentKind], bytes] = field(default_factory=dict)


class FakeOutOfHoursNotices(_Transactional[_Notices]):
    """H1 notices by request; each office's calendar is section 5's, without holidays."""

    def __init__(self) -> None:
        super().__init__(_Notices())

    def for_request(self, request_id: str) -> list[OutOfHoursNotice]:
        return list(self._state.by_request.get(request_id, []))

    def add(self, notice: OutOfHoursNotice, contents: dict[AttachmentKind, bytes]) -> None:
        self._state.by_request.setdefault(notice.request_id, []).append(notice)
        for kind, content in contents.items():
            self._state.contents[(notice.id, kind)] = content

    def content(self, notice_id: str, kind: AttachmentKind) -> bytes | None:
        return self._state.contents.get((notice_id, kind))

    def calendar(self, office_code: str) -> WorkingCalendar:
        office = DEMO_OFFICES.get(office_code, DEMO_OFFICES["040300"])
        if office.calendar == "24x7":
            schedule = WeeklySchedule.round_the_clock()
            return WorkingCalendar(
                office.timezone, schedule, NoClosedDays(), ignore_closed_days=True
            )
        return WorkingCalendar(office.timezone, WeeklySchedule.standard(), NoClosedDays())


class FakeUnitOfWork:
    """One transaction over the fakes; leaving it without commit() rolls everything back."""

    def __init__(
        self,
        plp_requests: FakePlpRequestRepository | None = None,
        sequences: FakeNumberSequence | None = None,
        out_of_hours: FakeOutOfHoursNotices | None = None,
    ) -> None:
        self._parts: tuple[_Transactional[Any], ...] = (
            repo := plp_requests or FakePlpRequestRepository(),
            numbers := sequences or FakeNumberSequence(),
            notices := out_of_hours or FakeOutOfHoursNotices(),
            stock := repo.stores.stock,
            journal := FakeGateJournal(),
        )
        self.plp_requests: PlpRequestRepository = repo
        self.sequences: NumberSequence = numbers
        self.out_of_hours: OutOfHoursNotices = notices
        self.transit_watch = FakeTransitWatch(repo)
        self.stock: GoodsStock = stock
        self.gate_journal = journal
        self.committed = False

    def __enter__(self) -> FakeUnitOfWork:
        self.committed = False
        for part in self._parts:
            part.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()  # after commit() nothing is left to undo
        for part in self._parts:
            part.end()

    def commit(self) -> None:
        for part in self._parts:
            part.commit()
        self.committed = True

    def rollback(self) -> None:
        for part in self._parts:
            part.rollback()


class FakeTransitWatch:
    """T1: what the partial indexes hold, worked out from the committed requests."""

    def __init__(self, repo: FakePlpRequestRepository) -> None:
        self._repo = repo

    def lapsing(self, now: datetime, limit: int) -> list[str]:
        due = [
            (r.approval_lapses_at, r.id)
            for r in self._committed()
            if r.approval_lapses_at and r.approval_lapsed_at is None
            and r.status in WAITING_FOR_GATE_OUT and r.approval_lapses_at <= now
        ]  # fmt: skip
        return [rid for _, rid in sorted(due)[:limit]]

    def overdue(self, now: datetime, limit: int) -> list[str]:
        due = [
            (r.transit_due_at, r.id)
            for r in self._committed()
            if r.transit_due_at and r.transit_overdue_at is None
            and r.status in ON_THE_ROAD and r.transit_due_at <= now
        ]  # fmt: skip
        return [rid for _, rid in sorted(due)[:limit]]

    def _committed(self) -> builtins.list[PlpRequest]:
        return [self._repo.stored(rid) for rid in self._repo.stored_ids]


class FixedClock:
    """The time a test sets; it moves only when the test moves it."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        self.at += delta if delta is not None else timedelta(**parts)
        return self.at


DEMO_OFFICES = {
    "040300": OfficeInfo("040300", "KPU Bea dan Cukai Tipe A Tanjung Priok", "Asia/Jakarta"),
    "050100": OfficeInfo(
        "050100", "KPU Bea dan Cukai Tipe C Soekarno-Hatta", "Asia/Jakarta", calendar="24x7"
    ),
}
DEMO_TPS = {  # as app/demo/refdata.json
    "TPKA": TpsInfo("TPKA", "Terminal Petikemas A", "040300", frozenset({"TPKA"}), 65.0, None),
    "CFSB": TpsInfo("CFSB", "CFS B", "040300", frozenset({"CFB1", "CFB2"}), 65.0, 70.0),
    "KOJA": TpsInfo("KOJA", "Terminal Peti Kemas Koja", "040300", frozenset({"KOJA"}), 65.0),
    "JGE1": TpsInfo("JGE1", "CFS Soekarno-Hatta", "050100", frozenset({"JGE1"}), None, 70.0),
}


class FakeReferenceData:
    """Offices and TPS of the demo data, editable by a test."""

    def __init__(self) -> None:
        self.offices = dict(DEMO_OFFICES)
        self.tps_by_code = dict(DEMO_TPS)

    def tps(self, code: str) -> TpsInfo | None:
        return self.tps_by_code.get(code)

    def office(self, code: str) -> OfficeInfo | None:
        return self.offices.get(code)

    def switch_to_manual(self, office_code: str, since: datetime) -> None:
        """F1: the office now works on the manual procedure."""
        office = self.offices[office_code]
        self.offices[office_code] = replace(office, mode=OfficeMode.MANUAL, manual_since=since)


class FakeCalendars:
    """Working days are Monday to Friday in the start's own zone: no hours, no holidays."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, datetime, int]] = []

    def add_working_days(self, office_code: str, start: datetime, days: int) -> datetime:
        self.calls.append((office_code, start, days))
        at, left = start, days
        while left:
            at += timedelta(days=1)
            if at.weekday() < 5:
                left -= 1
        return at
