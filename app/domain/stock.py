"""Where the goods are (E7): each container or house B/L of a BC 1.1, on board, at a TPS, in
transit under a PLP or released, and the movements between, as the TPS gate reports tell them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.errors import RuleViolationError
from app.domain.messages import Message, msg


class StockStatus(StrEnum):
    ON_BOARD = "ON_BOARD"  # in a BC 1.1, not reported in by any TPS: the absence of a record
    AT_TPS = "AT_TPS"
    IN_TRANSIT = "IN_TRANSIT"  # gated out under a PLP, not yet gated in at its destination
    RELEASED = "RELEASED"  # left the customs area under an SPPB


@dataclass(frozen=True)
class GoodsRef:
    """Goods of one BC 1.1 by the key PLP lines use (C:<container>, K:<house B/L>:<date>)."""

    office_code: str
    bc11_number: str
    bc11_date: date
    key: str

    @property
    def label(self) -> str:
        kind, _, rest = self.key.partition(":")
        return rest if kind == "C" else f"B/L {rest.rsplit(':', 1)[0]}"


@dataclass
class GoodsPosition:
    """Where one goods item is, since when and by which report; only moves through here."""

    goods: GoodsRef
    status: StockStatus = StockStatus.ON_BOARD
    tps_code: str | None = None  # AT_TPS: where; IN_TRANSIT, RELEASED: the TPS they left
    gudang: str | None = None
    since: datetime | None = None
    report: str | None = None  # what told us: a gate report's REF_NUMBER, a PLP, reference data
    plp_request_id: str | None = None  # IN_TRANSIT: the PLP the goods travel under

    def is_at(self, tps_code: str) -> bool:
        return self.status is StockStatus.AT_TPS and self.tps_code == tps_code

    def place(self, tps_code: str, gudang: str, at: datetime | None, report: str) -> None:
        """Reference data or an administrator puts the goods somewhere, whatever they knew."""
        self._set(StockStatus.AT_TPS, tps_code, gudang, at, report, None)

    def discharge(self, tps_code: str, gudang: str, at: datetime, report: str) -> None:
        """KD_DOK 1 (or 5 with the BC 1.1): the goods come off the vessel into this TPS."""
        if self.status is not StockStatus.ON_BOARD and not self.is_at(tps_code):
            raise self._not_where(
                msg("problems.e7.where_on_board", "on board, to be received at"), tps_code
            )
        self._set(StockStatus.AT_TPS, tps_code, gudang, at, report, None)

    def leave_under_plp(self, tps_code: str, request_id: str, at: datetime, report: str) -> None:
        """M3: gate-out from the origin puts the goods in transit under the PLP."""
        if self.plp_request_id == request_id:
            return  # already left under this PLP: the same movement told twice
        if not self.is_at(tps_code):
            raise self._not_where(msg("problems.e7.where_at", "at"), tps_code)
        self._set(StockStatus.IN_TRANSIT, tps_code, self.gudang, at, report, request_id)

    def arrive_under_plp(
        self, request_id: str, tps_code: str, gudang: str, at: datetime, report: str
    ) -> None:
        """M5: gate-in at the destination: a second PLP of these goods starts from there."""
        if self.is_at(tps_code) and self.plp_request_id == request_id:
            return
        if self.status is not StockStatus.IN_TRANSIT or self.plp_request_id != request_id:
            raise self._not_where(msg("problems.e7.where_in_transit", "in transit to"), tps_code)
        self._set(StockStatus.AT_TPS, tps_code, gudang, at, report, request_id)

    def release(self, tps_code: str, at: datetime, report: str) -> None:
        """KD_DOK 3/6 with an SPPB: the goods leave the customs area."""
        if not self.is_at(tps_code):
            raise self._not_where(msg("problems.e7.where_at", "at"), tps_code)
        self._set(StockStatus.RELEASED, tps_code, self.gudang, at, report, None)

    def _set(
        self,
        status: StockStatus,
        tps_code: str | None,
        gudang: str | None,
        at: datetime | None,
        report: str,
        request_id: str | None,
    ) -> None:
        self.status, self.tps_code, self.gudang = status, tps_code, gudang
        self.since, self.report, self.plp_request_id = at, report, request_id

    def _not_where(self, expected: Message, tps_code: str) -> RuleViolationError:
        # Never where they are instead: that may be another TPS's data.
        return RuleViolationError(
            "E7",
            msg(
                "problems.e7.not_where",
                "{goods} is not {expected} TPS {tps} in our records",
                goods=self.goods.label,
                expected=expected,
                tps=tps_code,
            ),
        )


def not_at_origin(label: str, origin_tps: str) -> Message:
    """The E7 finding of a request: names the caller's goods and origin, nothing else."""
    return msg(
        "problems.e7.not_at_origin",
        "{goods} is not at the origin TPS {tps} (not reported in there, or reported out since)",
        goods=label,
        tps=origin_tps,
    )


@dataclass(frozen=True)
class StockFilter:
    """A TPS's stock as it reads it: goods there now, or that left it (in transit, released)."""

    tps_code: str
    bc11_number: str | None = None
    bc11_date: date | None = None
    container: str | None = None
    status: StockStatus | None = None
    limit: int = 50
    after: tuple[str, ...] | None = None  # cursor: (BC 1.1 date, number, key) of the last item


@dataclass(frozen=True)
class StockPage:
    items: list[GoodsPosition]
    next_after: tuple[str, ...] | None
