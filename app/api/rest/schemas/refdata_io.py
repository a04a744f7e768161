"""Reference data documents: what `plp-online refdata load` and the admin endpoints accept."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.api.rest.schemas.plp_in import AwareMoment
from app.domain.actor import Role
from app.domain.transit import DEFAULT_TRANSIT_HOURS


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OfficeDoc(_Doc):
    code: str = Field(pattern=r"^\d{6}$", examples=["040300"])
    name: str = Field(min_length=1, max_length=120)
    timezone: str = Field("Asia/Jakarta", max_length=64)
    calendar: Literal["standard", "24x7"] = "standard"
    observes_collective_leave: bool = True
    approval_validity_hours: int | None = Field(
        None,
        ge=1,
        le=24 * 366,
        description="T1: elapsed hours from the approval within which the goods must gate out; "
        "past it the approval lapses: it can no longer be released (M2) or gate out, the P2 "
        "section and both TPS are told. null or omitted: no limit (the default, as the SOP "
        "sets none). Elapsed, not working hours: TPS gates work around the clock. A request "
        "keeps the value in force when it was approved.",
    )
    transit_hours: int = Field(
        DEFAULT_TRANSIT_HOURS,
        ge=1,
        le=24 * 366,
        description="T1: elapsed hours allowed between gate-out and gate-in (default 24); "
        "goods not gated in by then are flagged overdue for the P2 section and both TPS, and a "
        "later gate-in is still recorded. Elapsed, not working hours: goods on the road are "
        "at risk at night as by day. A request keeps the value in force when it was approved.",
    )

    manifest_head: Literal["kasi", "kasubsi"] = Field(
        "kasubsi",
        description="The title of the head of manifest administration, who decides PLP (R3) "
        "and receives H1 notices: `kasi` (Kepala Seksi, as in a Type A main office such as "
        "Tanjung Priok) or `kasubsi` (Kepala Subseksi, the SOP's; the default). Shown on the "
        "printed approval (D1) and in the UI.",
    )

    @model_validator(mode="after")
    def _known_zone(self) -> OfficeDoc:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc
        return self


class TpsDoc(_Doc):
    code: str = Field(pattern=r"^[A-Z0-9]{4}$", examples=["TPKA"])
    name: str = Field(min_length=1, max_length=120)
    office_code: str = Field(pattern=r"^\d{6}$")
    kind: Literal["terminal", "cfs", "warehouse", "airport"] = "terminal"
    yor_threshold: float | None = Field(None, ge=0, le=1000)
    sor_threshold: float | None = Field(None, ge=0, le=1000)
    gudangs: list[Code4] = Field(
        default_factory=list,
        max_length=100,
        description="empty: one gudang, the TPS code; each code once",
    )

    @field_validator("gudangs")
    @classmethod
    def _each_gudang_once(cls, gudangs: list[str]) -> list[str]:
        """A gudang is one row per TPS: a code listed twice was a unique violation (500)."""
        twice = sorted({code for code in gudangs if gudangs.count(code) > 1})
        if twice:
            raise ValueError(f"gudang {', '.join(twice)} is listed more than once")
        return gudangs


# Column widths (sql/tables/reference_tables.py): PostgreSQL refuses longer values with an error.
Code4 = Annotated[str, Field(pattern=r"^[A-Z0-9]{4}$")]
ContainerNumber = Annotated[str, Field(min_length=11, max_length=11)]


class DischargeDoc(_Doc):
    """Where goods of a manifest were discharged (E7: the TPS stock), as a KD_DOK 1 report would
    say: the TPS and gudang that hold them now, and since when."""

    tps: Code4 = Field(examples=["TPKA"])
    gudang: Code4 | None = Field(None, description="omitted: the gudang named like the TPS")
    at: AwareMoment | None = Field(
        None, description="when they came in, with its offset; omitted: unknown"
    )


DISCHARGED_AT = (
    "E7: where these goods are now (the TPS stock); omitted: as the enclosing level says, or "
    "on board when no level says (a manifest loaded again without it leaves the stock as it is)"
)


class ManifestContainerDoc(_Doc):
    number: str = Field(min_length=11, max_length=11)
    size: Literal["20", "40", "45"]
    iso_type: str | None = Field(None, max_length=4)
    fcl_lcl: Literal["F", "L"] = "F"
    discharged_at: DischargeDoc | None = Field(None, description=DISCHARGED_AT)


class ManifestItemDoc(_Doc):
    pos_number: str = Field(pattern=r"^\d{1,12}$", description="NO_POS_BC11")
    consignee: str = Field("", max_length=120)
    consignee_id: str = Field("", max_length=22)
    bl_number: str | None = Field(None, max_length=30)
    bl_date: dt.date | None = None
    master_bl_number: str | None = Field(None, max_length=30)
    master_bl_date: dt.date | None = None
    excise: bool = False
    package_type: str | None = Field(None, max_length=3)
    package_count: int | None = Field(None, ge=0)
    containers: list[ManifestContainerDoc] = Field(default_factory=list)
    discharged_at: DischargeDoc | None = Field(
        None, description=f"{DISCHARGED_AT}; for the house B/L and its containers"
    )


class ManifestDoc(_Doc):
    office_code: str = Field(pattern=r"^\d{6}$")
    number: str = Field(pattern=r"^\d{6}$")
    date: dt.date
    vessel_name: str = Field("", max_length=60)
    call_sign: str = Field("", max_length=20)
    voyage: str = Field("", max_length=20)
    arrival_date: dt.date | None = None
    items: list[ManifestItemDoc] = Field(default_factory=list)
    discharged_at: DischargeDoc | None = Field(
        None,
        description="E7: where the manifest's goods were discharged (the TPS stock: a PLP may "
        "move only goods at its origin TPS); an item or a container may say otherwise with its "
        "own `discharged_at` (e.g. goods already moved to a CFS). Omitted everywhere: the goods "
        "stay on board until a TPS reports them in (CoarriCodeco KD_DOK 1); a manifest loaded "
        "again without it leaves its goods' stock as it is",
    )


class BlRef(_Doc):
    number: str = Field(min_length=1, max_length=30)
    date: dt.date | None = None


class DeclarationDoc(_Doc):
    """An import declaration filed (E3) and, once granted, its release (SPPB, E2)."""

    office_code: str = Field(pattern=r"^\d{6}$")
    kind: str = Field("BC20", max_length=8, description="BC20 (PIB), BC23, ...")
    number: str = Field(min_length=1, max_length=20)
    date: dt.date
    sppb_number: str | None = Field(None, max_length=20)
    sppb_date: dt.date | None = None
    bc11_number: str | None = Field(
        None,
        pattern=r"^\d{6}$",
        description="the BC 1.1 the declaration cites (E2/E3: it covers goods of that BC 1.1 "
        "only); omitted: the office's latest BC 1.1, on or before the declaration date, that "
        "lists its goods",
    )
    bc11_date: dt.date | None = None
    containers: list[ContainerNumber] = Field(default_factory=list)
    bls: list[BlRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _bc11_whole(self) -> DeclarationDoc:
        if (self.bc11_number is None) != (self.bc11_date is None):
            raise ValueError("bc11_number and bc11_date go together")
        return self


class RefDataDoc(_Doc):
    offices: list[OfficeDoc] = Field(default_factory=list)
    tps: list[TpsDoc] = Field(default_factory=list)
    manifests: list[ManifestDoc] = Field(default_factory=list)
    declarations: list[DeclarationDoc] = Field(default_factory=list)


class AccountIn(_Doc):
    username: str = Field(pattern=r"^[a-zA-Z0-9_.-]{3,64}$")
    password: str = Field(min_length=8, max_length=200)
    role: Role
    full_name: str = Field("", max_length=120)
    tps_code: str | None = Field(None, pattern=r"^[A-Z0-9]{4}$")
    office_code: str | None = Field(None, pattern=r"^\d{6}$")
    supervised_tps: list[Code4] = Field(default_factory=list, max_length=40)  # 200 chars stored

    @model_validator(mode="after")
    def _scope_fits_role(self) -> AccountIn:
        if self.role is Role.TPS_OPERATOR and not self.tps_code:
            raise ValueError("a tps_operator account needs tps_code")
        if self.role not in (Role.TPS_OPERATOR, Role.ADMIN) and not self.office_code:
            raise ValueError(f"a {self.role} account needs office_code")
        supervisor = self.role in (Role.ORIGIN_SUPERVISOR, Role.DESTINATION_SUPERVISOR)
        if supervisor and not self.supervised_tps:
            raise ValueError("a supervisor account needs supervised_tps")
        if self.role is Role.SYSTEM:
            raise ValueError("system is not an account role")
        return self


class AccountOut(BaseModel):
    username: str
    role: str
    full_name: str
    tps_code: str | None
    office_code: str | None
    supervised_tps: list[str]
    active: bool
    has_api_key: bool
