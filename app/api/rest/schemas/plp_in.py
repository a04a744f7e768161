"""Request bodies of the PLP procedure, with examples that work on the demo data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.plp_parts import PlpHeader
from app.domain.reasons import PlpReason


def _upper(value: str) -> str:
    return value.strip().upper()


Code4 = Annotated[str, Field(min_length=4, max_length=4, examples=["TPKA"]), AfterValidator(_upper)]
Text = Annotated[str, Field(max_length=60)]
# Times the rules can compute with: turned into UTC or office time and moved by deadlines,
# skews and 24-hour windows, they stay inside datetime's years 1-9999 with a year to spare. A
# time at the calendar's edge (0001-01-01 east of UTC, 9999-12-31) was a 500 (OverflowError).
EARLIEST, LATEST = datetime(2, 1, 1, tzinfo=UTC), datetime(9998, 12, 31, tzinfo=UTC)


def _computable(at: datetime) -> datetime:
    if not EARLIEST <= (at if at.tzinfo else at.replace(tzinfo=UTC)) <= LATEST:
        raise ValueError("a time must lie between the years 0002 and 9998")
    return at


Moment = Annotated[datetime, AfterValidator(_computable)]
AwareMoment = Annotated[AwareDatetime, AfterValidator(_computable)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContainerIn(_In):
    number: Annotated[
        str, Field(min_length=1, max_length=20, examples=["TSTU1001000"]), AfterValidator(_upper)
    ]
    size: str = Field(max_length=2, description="20, 40 or 45", examples=["20"])
    iso_type: str | None = Field(None, max_length=4, description="ISO 6346 size-type, e.g. 22G1")


class PackageIn(_In):
    type: Annotated[
        str,
        Field(min_length=1, max_length=3, description="UN/ECE Rec 21 code", examples=["PK"]),
        AfterValidator(_upper),
    ]
    count: int = Field(ge=-1_000_000, le=10_000_000, examples=[10])
    bl_number: str = Field(min_length=1, max_length=30, description="house B/L or AWB")
    bl_date: date


class PlpRequestIn(_In):
    """A PLP request letter: header and containers and/or packages (LOADPLP)."""

    office_code: str = Field(pattern=r"^\d{6}$", description="KD_KANTOR", examples=["040300"])
    ref_number: str = Field(
        min_length=1,
        max_length=50,
        description="your unique reference; "
        "resending the same body under it returns the first answer",
    )
    letter_number: str = Field(min_length=1, max_length=60)
    letter_date: date
    origin_tps: Code4
    origin_gudang: Code4
    destination_tps: Code4
    destination_gudang: Code4
    reason: PlpReason
    yor_origin: float | None = Field(None, ge=0, le=1000, description="stated YOR, percent")
    sor_origin: float | None = Field(None, ge=0, le=1000, description="stated SOR, percent")
    yor_destination: float | None = Field(None, ge=0, le=1000)
    vessel_name: Text | None = None
    call_sign: str | None = Field(None, max_length=20)
    voyage: str | None = Field(None, max_length=20)
    arrival_date: date | None = None
    judgement_number: str | None = Field(
        None,
        min_length=1,
        max_length=60,
        description="STAGNATION: the head of office's letter judging that stagnation may occur "
        "(SOP 5.a.6), which the officers' research checks (R5)",
    )
    judgement_date: date | None = Field(None, description="STAGNATION: that letter's date")
    bc11_number: str = Field(pattern=r"^\d{6}$", description="BC 1.1 manifest number")
    bc11_date: date
    applicant_name: str = Field(min_length=1, max_length=60)
    containers: list[ContainerIn] = Field(default_factory=list, max_length=1000)
    packages: list[PackageIn] = Field(default_factory=list, max_length=1000)

    def header(self) -> PlpHeader:
        fields = self.model_dump(exclude={"containers", "packages"})
        return PlpHeader(**fields)

    def container_specs(self) -> tuple[ContainerSpec, ...]:
        return tuple(ContainerSpec(c.number, c.size, c.iso_type) for c in self.containers)

    def package_specs(self) -> tuple[PackageSpec, ...]:
        return tuple(PackageSpec(p.type, p.count, p.bl_number, p.bl_date) for p in self.packages)


class RecommendationIn(_In):
    approve: bool = Field(description="recommend approval (true) or rejection (false)")
    note: str = Field("", max_length=500, examples=["goods and documents in order"])


class LineDecisionIn(_In):
    line_no: int = Field(ge=1)
    approved: bool
    reason: str | None = Field(None, max_length=200)


class DecisionIn(_In):
    approve: bool = Field(description="approve (with a PLP number) or reject the request")
    reason: str | None = Field(
        None,
        max_length=200,
        description="required to reject; the reason of each refused line defaults to it",
    )
    lines: list[LineDecisionIn] = Field(
        default_factory=list, description="refuse some lines of an approval: FL_SETUJU T for them"
    )


class OriginCheckIn(_In):
    matched: bool = Field(description="the goods match the approval (number, size, count)")
    seal_numbers: list[Annotated[str, Field(max_length=30)]] = Field(
        default_factory=list, max_length=1000
    )
    note: str = Field("", max_length=500, description="release note, or why release is refused")


class FollowUpIn(_In):
    note: str = Field(min_length=1, max_length=500)


class MovementTimeIn(_In):
    at: Moment = Field(
        description="when the goods passed the gate; without an offset the "
        "office's local time (WIB) is meant"
    )
    line_nos: list[int] = Field(
        default_factory=list, description="lines that passed; empty means every approved line"
    )


class DestinationCheckIn(_In):
    matched: bool
    seal_opened: bool = True
    note: str = Field("", max_length=500, description="entry note, or the discrepancy found")


class InvestigationIn(_In):
    note: str = Field(min_length=1, max_length=1000)


class CancellationIn(_In):
    reason: str = Field(min_length=1, max_length=200)
    ref_number: str | None = Field(None, max_length=50)
    letter_number: str | None = Field(None, max_length=40)
    letter_date: date | None = None
    line_nos: list[int] = Field(default_factory=list, description="empty cancels every line")
