"""SQL rows (not the domain): reference data, accounts and the PLP request tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, MetaData, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.adapters.sql.types import UtcDateTime

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def utc(**kw: Any) -> Any:
    return Field(sa_type=UtcDateTime, **kw)


def json_field(**kw: Any) -> Any:
    return Field(sa_column=Column(JSON, **kw))


class OfficeRow(SQLModel, table=True):
    __tablename__ = "office"
    code: str = Field(primary_key=True, max_length=6)
    name: str = Field(max_length=120)
    timezone: str = Field(default="Asia/Jakarta", max_length=64)
    calendar: str = Field(default="standard", max_length=16)
    observes_collective_leave: bool = True
    mode: str = Field(default="online", max_length=8)
    manual_since: datetime | None = utc(default=None, nullable=True)
    approval_validity_hours: int | None = None  # T1: NULL, an approval never lapses
    transit_hours: int = Field(default=24, sa_column_kwargs={"server_default": "24"})  # T1
    # "kasi" or "kasubsi": the title of the manifest head on documents (D1) and in the UI
    manifest_head: str = Field(
        default="kasubsi", max_length=8, sa_column_kwargs={"server_default": "kasubsi"}
    )


class TpsRow(SQLModel, table=True):
    __tablename__ = "tps"
    code: str = Field(primary_key=True, max_length=4)
    name: str = Field(max_length=120)
    office_code: str = Field(foreign_key="office.code", max_length=6, index=True)
    kind: str = Field(default="terminal", max_length=16)
    yor_threshold: float | None = None
    sor_threshold: float | None = None


class GudangRow(SQLModel, table=True):
    __tablename__ = "gudang"
    tps_code: str = Field(foreign_key="tps.code", primary_key=True, max_length=4)
    code: str = Field(primary_key=True, max_length=4)
    name: str = Field(default="", max_length=120)


class ManifestRow(SQLModel, table=True):
    __tablename__ = "manifest"
    __table_args__ = (UniqueConstraint("office_code", "number", "manifest_date"),)
    id: int | None = Field(default=None, primary_key=True)
    office_code: str = Field(foreign_key="office.code", max_length=6)
    number: str = Field(max_length=6)
    manifest_date: date
    vessel_name: str = Field(default="", max_length=60)
    call_sign: str = Field(default="", max_length=20)
    voyage: str = Field(default="", max_length=20)
    arrival_date: date | None = None


class ManifestItemRow(SQLModel, table=True):
    __tablename__ = "manifest_item"
    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    pos_number: str = Field(max_length=12)
    consignee: str = Field(default="", max_length=120)
    consignee_id: str = Field(default="", max_length=22)
    bl_number: str | None = Field(default=None, max_length=30, index=True)
    bl_date: date | None = None
    master_bl_number: str | None = Field(default=None, max_length=30)
    master_bl_date: date | None = None
    excise: bool = False
    package_type: str | None = Field(default=None, max_length=3)
    package_count: int | None = None


class ManifestContainerRow(SQLModel, table=True):
    __tablename__ = "manifest_container"
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="manifest_item.id", index=True)
    number: str = Field(max_length=11, index=True)
    size: str = Field(max_length=2)
    iso_type: str | None = Field(default=None, max_length=4)
    fcl_lcl: str = Field(default="F", max_length=1)


class DeclarationRow(SQLModel, table=True):
    """An import declaration (PIB/BC 2.0 and others) and its release (SPPB), for E2/E3: it
    covers goods of the BC 1.1 it cites only (containers are reused every voyage)."""

    __tablename__ = "declaration"
    __table_args__ = (
        UniqueConstraint("office_code", "kind", "number", "declaration_date"),
        Index("ix_declaration_bc11", "office_code", "bc11_number", "bc11_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    office_code: str = Field(foreign_key="office.code", max_length=6)
    kind: str = Field(default="BC20", max_length=8)
    number: str = Field(max_length=20)
    declaration_date: date
    sppb_number: str | None = Field(default=None, max_length=20)
    sppb_date: date | None = None
    bc11_number: str | None = Field(default=None, max_length=6)  # None: cites no known BC 1.1
    bc11_date: date | None = None


class DeclarationItemRow(SQLModel, table=True):
    __tablename__ = "declaration_item"
    id: int | None = Field(default=None, primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", index=True)
    container_number: str | None = Field(default=None, max_length=11, index=True)
    bl_number: str | None = Field(default=None, max_length=30, index=True)
    bl_date: date | None = None


class AccountRow(SQLModel, table=True):
    __tablename__ = "account"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=32)
    full_name: str = Field(default="", max_length=120)
    tps_code: str | None = Field(default=None, foreign_key="tps.code", max_length=4)
    office_code: str | None = Field(default=None, foreign_key="office.code", max_length=6)
    supervised_tps: str = Field(default="", max_length=200)  # comma-separated TPS codes
    api_key_hash: str | None = Field(default=None, max_length=64, unique=True)
    active: bool = True
    created_at: datetime = utc()
    # One more on deactivation, a new password or a new API key: every session carries the
    # version it began with, and one from before the change is refused on every instance.
    credential_version: int = 0
    # Issue 18: the console's language the account chose (`id`, `en`); None follows the browser.
    language: str | None = Field(default=None, max_length=8)


class AppSecretRow(SQLModel, table=True):
    """Secrets generated on first start in demo mode (the JWT key), shared by instances."""

    __tablename__ = "app_secret"
    name: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)


class NumberSequenceRow(SQLModel, table=True):
    """Yearly number series per office: PLP numbers and cancellation numbers."""

    __tablename__ = "number_sequence"
    office_code: str = Field(primary_key=True, max_length=6)
    kind: str = Field(primary_key=True, max_length=8)
    year: int = Field(primary_key=True)
    last_value: int = 0
