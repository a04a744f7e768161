"""Request bodies of the PLP procedure, with examples that work on the demo data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.plp_parts import PlpHeader
from app.domain.reasons import PlpReason
from app.domain.seals import ContainerSeals, StatedSeal


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


SealNumber = Annotated[str, Field(min_length=1, max_length=30), AfterValidator(_upper)]
ContainerNumber = Annotated[
    str, Field(min_length=1, max_length=20, examples=["TSTU1001000"]), AfterValidator(_upper)
]


class SealsIn(_In):
    """The customs seals (segel BC) on one container (S1)."""

    container: ContainerNumber = Field(
        description="a container of the request, or the container its packages travel in"
    )
    numbers: list[SealNumber] = Field(default_factory=list, max_length=20, examples=[["BC0007788"]])

    def spec(self) -> ContainerSeals:
        return ContainerSeals(self.container, tuple(self.numbers))

    def stated(self) -> StatedSeal:
        return StatedSeal(self.container, tuple(self.numbers))


class FoundSealsIn(SealsIn):
    intact: bool = Field(True, description="false: a seal is broken or tampered with")

    def spec(self) -> ContainerSeals:
        return ContainerSeals(self.container, tuple(self.numbers), self.intact)


class OriginCheckIn(_In):
    matched: bool = Field(description="the goods match the approval (number, size, count)")
    seals: list[SealsIn] = Field(
        default_factory=list,
        max_length=1000,
        description="M2/S1: the seals put on, per container; a release needs every container "
        "sealed (and the packages' container) unless `escorted`",
    )
    escorted: bool = Field(False, description="the move is escorted (dikawal) instead of sealed")
    escort: str | None = Field(None, max_length=100, description="who escorts, when stated")
    seal_numbers: list[SealNumber] = Field(
        default_factory=list,
        max_length=1000,
        description="deprecated: the seals of a one-container request; otherwise use `seals`",
    )
    note: str = Field("", max_length=500, description="release note, or why release is refused")


class FollowUpIn(_In):
    note: str = Field(min_length=1, max_length=500)
    outcome: Literal["presented_again", "cut_to_matching", "cancelled"] = Field(
        "presented_again",
        description="M2: the goods go back to the gate; the request keeps only the lines that "
        "match (a new decision response); or the PLP is cancelled",
    )
    line_nos: list[int] = Field(
        default_factory=list, max_length=1000, description="cut_to_matching: the lines that match"
    )


class MovementTimeIn(_In):
    at: Moment = Field(
        description="when the goods passed the gate; without an offset the "
        "office's local time (WIB) is meant"
    )
    line_nos: list[int] = Field(
        default_factory=list, description="lines that passed; empty means every approved line"
    )
    seals: list[SealsIn] = Field(
        default_factory=list,
        max_length=1000,
        description="S1: the customs seal numbers seen on each container (NO_SEGEL_BC); one "
        "that differs from the release is recorded and flagged to the P2 section",
    )


class DestinationCheckIn(_In):
    matched: bool = Field(description="the goods match the approval")
    seal_opened: bool = True
    seals: list[FoundSealsIn] | None = Field(
        None,
        max_length=1000,
        description="M4/S1: each sealed container's seals as found; a missing, different or "
        "broken seal is a discrepancy. Without it, `matched` stands for the release's seals "
        "intact only when one container was sealed",
    )
    note: str = Field("", max_length=500, description="entry note, or the discrepancy found")


class InvestigationIn(_In):
    note: str = Field(min_length=1, max_length=1000)
    outcome: Literal["may_enter", "enforcement"] = Field(
        "may_enter", description="M4: entry may proceed, or enforcement holds the goods (HELD)"
    )
    document_number: str | None = Field(
        None, max_length=60, description="enforcement: the penindakan document (e.g. an SBP)"
    )
    document_date: date | None = None


class CancellationDecisionIn(_In):
    """L1: the Kasubsi's answer to a pending cancellation (persetujuan pembatalan)."""

    approve: bool
    reason: str | None = Field(
        None, max_length=500, description="required when refusing: it goes to both TPS"
    )


class CancellationIn(_In):
    reason: str = Field(min_length=1, max_length=200)
    ref_number: str | None = Field(None, max_length=50)
    letter_number: str | None = Field(None, max_length=40)
    letter_date: date | None = None
    line_nos: list[int] = Field(default_factory=list, description="empty cancels every line")
