"""A gate report over REST: the CoarriCodeco header and items as JSON (E7, M3, M5)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.api.rest.schemas.plp_in import AwareMoment
from app.domain.lines import ContainerSpec, PackageSpec, line_key
from app.domain.seals import StatedSeal
from app.domain.services.goods_reports import ReportedGoods

Code4 = Field(pattern=r"^[A-Z0-9]{4}$")


class GateItemIn(BaseModel):
    """One container (CONT) or house B/L (KMS) with the document that authorises its move."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    container: str | None = Field(None, min_length=11, max_length=11, description="NO_CONT")
    bl_number: str | None = Field(None, min_length=1, max_length=30, description="NO_BL_AWB")
    bl_date: dt.date | None = Field(None, description="TGL_BL_AWB")
    kd_dok_inout: str = Field(
        pattern=r"^\d{1,2}$", description="1/2 SPPB, 3 PLP approval, 20 BC 1.1"
    )
    document_number: str = Field(
        min_length=1, max_length=30, description="NO_DOK_INOUT: the SPPB, PLP or BC 1.1 number"
    )
    document_date: dt.date = Field(description="TGL_DOK_INOUT")
    at: AwareMoment = Field(description="WK_INOUT, with its offset")
    bc11_number: str | None = Field(
        None, pattern=r"^\d{6}$", description="NO_BC11; under KD_DOK_INOUT 20 the document"
    )
    bc11_date: dt.date | None = Field(None, description="TGL_BC11")
    office_code: str | None = Field(None, pattern=r"^\d{6}$", description="KODE_KANTOR")
    seal_numbers: list[Annotated[str, Field(min_length=1, max_length=30)]] = Field(
        default_factory=list,
        max_length=10,
        description="NO_SEGEL_BC: the customs seals on the container (for a house B/L, on "
        "`container_of`, the container it travels in); a PLP move compares them with the "
        "release (S1): a different number is recorded and flagged for the P2 section",
    )
    container_of: str | None = Field(
        None, min_length=11, max_length=11, description="CONT_ASAL: a house B/L's container"
    )

    @model_validator(mode="after")
    def _one_kind_of_goods(self) -> GateItemIn:
        if (self.container is None) == (self.bl_number is None):
            raise ValueError("an item names a container or a house B/L (with bl_date), not both")
        if self.bl_number is not None and self.bl_date is None:
            raise ValueError("a house B/L needs bl_date")
        return self

    def reported(self) -> ReportedGoods:
        spec = (
            ContainerSpec(self.container.upper(), "")
            if self.container
            else PackageSpec("", 0, self.bl_number or "", self.bl_date or dt.date.min)
        )
        by_bc11 = self.kd_dok_inout == "20" and self.bc11_number is None
        return ReportedGoods(
            line_key(spec),
            self.kd_dok_inout,
            self.document_number,
            self.document_date,
            self.at,
            self.document_number if by_bc11 else self.bc11_number,
            self.document_date if by_bc11 else self.bc11_date,
            self.office_code,
            self._seals(),
        )

    def _seals(self) -> tuple[StatedSeal, ...]:
        if not self.seal_numbers:
            return ()
        if self.container:
            return (StatedSeal(self.container.upper(), tuple(self.seal_numbers)),)
        carrier = (self.container_of or "").upper()
        return (StatedSeal(carrier, tuple(self.seal_numbers), packages=True),)


class GateReportIn(BaseModel):
    """COCOCONT/COCOKMS header and its items; accepted (KD_DOK, KD_DOK_INOUT) pairs: 1/20
    discharge; 3 or 6 with 1/2 (gate-out under an SPPB) or 3 (PLP gate-out); 5 with 3 (PLP
    gate-in) or 20 (received under the BC 1.1). Anything else is refused (422) naming it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kd_dok: str = Field(pattern=r"^\d{1,2}$", description="1, 3, 5 or 6 (protocol note 4.2)")
    kd_tps: str = Code4
    kd_gudang: str | None = Field(None, pattern=r"^[A-Z0-9]{4}$", description="default kd_tps")
    ref_number: str = Field(min_length=1, max_length=50, description="unique per report")
    items: list[GateItemIn] = Field(min_length=1, max_length=200)
