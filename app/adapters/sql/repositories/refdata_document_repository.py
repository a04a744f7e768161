"""Load and read reference data: offices, TPS, BC 1.1 manifests, declarations and releases."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session
from sqlmodel import col

from app.adapters.sql.tables.reference_tables import (
    DeclarationItemRow,
    DeclarationRow,
    GudangRow,
    ManifestContainerRow,
    ManifestItemRow,
    ManifestRow,
    OfficeRow,
    TpsRow,
)
from app.adapters.sql.tables.stock_tables import GoodsStockRow
from app.domain.lines import ContainerSpec, PackageSpec, line_key

Doc = Mapping[str, Any]


def load(session: Session, data: Doc) -> dict[str, int]:
    """Upsert every section of a reference-data document; returns counts per section."""
    for office in data.get("offices", []):
        session.merge(OfficeRow(**_only(office, OfficeRow)))
    session.flush()
    for tps in data.get("tps", []):
        upsert_tps(session, tps)
    for manifest in data.get("manifests", []):
        replace_manifest(session, manifest)
    for declaration in data.get("declarations", []):
        replace_declaration(session, declaration)
    if data.get("manifests"):  # fresh statistics keep eligibility lookups on their indexes
        session.execute(text("ANALYZE"))
    return {k: len(data.get(k, [])) for k in ("offices", "tps", "manifests", "declarations")}


def upsert_tps(session: Session, tps: Doc) -> None:
    session.merge(TpsRow(**_only(tps, TpsRow)))
    session.flush()
    session.execute(delete(GudangRow).where(col(GudangRow.tps_code) == tps["code"]))
    for code in tps.get("gudangs") or [tps["code"]]:
        session.add(GudangRow(tps_code=tps["code"], code=code))
    session.flush()


def replace_manifest(session: Session, m: Doc) -> int:
    """A manifest is replaced whole: its number, date and office identify it."""
    office, number, when = m["office_code"], m["number"], _required_date(m["date"])
    existing = session.scalars(
        select(ManifestRow).where(
            col(ManifestRow.office_code) == office,
            col(ManifestRow.number) == number,
            col(ManifestRow.manifest_date) == when,
        )
    ).first()
    if existing is not None:
        _delete_manifest_children(session, _id(existing.id))
        session.delete(existing)
        session.flush()
    row = ManifestRow(
        office_code=office,
        number=number,
        manifest_date=when,
        vessel_name=m.get("vessel_name") or "",
        call_sign=m.get("call_sign") or "",
        voyage=m.get("voyage") or "",
        arrival_date=_date(m.get("arrival_date")),
    )
    session.add(row)
    session.flush()
    for item in m.get("items", []):
        values = _only(item, ManifestItemRow) | {"manifest_id": row.id}
        values["bl_date"] = _date(item.get("bl_date"))
        values["master_bl_date"] = _date(item.get("master_bl_date"))
        item_row = ManifestItemRow(**values)
        session.add(item_row)
        session.flush()
        for c in item.get("containers", []):
            session.add(
                ManifestContainerRow(item_id=_id(item_row.id), **_only(c, ManifestContainerRow))
            )
    session.flush()
    _place_discharged(session, m, office, number, when)
    return _id(row.id)


def _place_discharged(session: Session, m: Doc, office: str, number: str, when: date) -> None:
    """E7: goods a manifest says were discharged are at that TPS; the nearest level wins."""
    for key, at in _discharges(m).items():
        when_in = at.get("at")
        since = datetime.fromisoformat(when_in) if isinstance(when_in, str) else when_in
        session.merge(
            GoodsStockRow(
                office_code=office,
                bc11_number=number,
                bc11_date=when,
                goods_key=key,
                status="AT_TPS",
                tps_code=at["tps"],
                gudang=at.get("gudang") or at["tps"],
                since=since,
                report=f"reference data: BC 1.1 {number}",
            )
        )
    session.flush()


def _discharges(m: Doc) -> dict[str, Doc]:
    placed: dict[str, Doc] = {}
    for item in m.get("items", []):
        item_at = item.get("discharged_at") or m.get("discharged_at")
        bl, bl_date = item.get("bl_number"), _date(item.get("bl_date"))
        if item_at and bl and bl_date:
            placed[line_key(PackageSpec("", 0, bl, bl_date))] = item_at
        for c in item.get("containers", []):
            if at := c.get("discharged_at") or item_at:
                placed[line_key(ContainerSpec(c["number"], c.get("size", "")))] = at
    return placed


def replace_declaration(session: Session, d: Doc) -> int:
    office, kind = d["office_code"], d.get("kind", "BC20")
    number, when = d["number"], _required_date(d["date"])
    existing = session.scalars(
        select(DeclarationRow).where(
            col(DeclarationRow.office_code) == office,
            col(DeclarationRow.kind) == kind,
            col(DeclarationRow.number) == number,
            col(DeclarationRow.declaration_date) == when,
        )
    ).first()
    if existing is not None:
        session.execute(
            delete(DeclarationItemRow).where(col(DeclarationItemRow.declaration_id) == existing.id)
        )
        session.delete(existing)
        session.flush()
    containers, bls = d.get("containers", []), d.get("bls", [])
    bc11 = (d.get("bc11_number"), _date(d.get("bc11_date")))
    if bc11[0] is None:
        bc11 = _cited_manifest(session, office, when, containers, [b["number"] for b in bls])
    row = DeclarationRow(
        office_code=office,
        kind=kind,
        number=number,
        declaration_date=when,
        sppb_number=d.get("sppb_number"),
        sppb_date=_date(d.get("sppb_date")),
        bc11_number=bc11[0],
        bc11_date=bc11[1],
    )
    session.add(row)
    session.flush()
    declaration_id = _id(row.id)
    for container in containers:
        session.add(DeclarationItemRow(declaration_id=declaration_id, container_number=container))
    for bl in bls:
        session.add(
            DeclarationItemRow(
                declaration_id=declaration_id, bl_number=bl["number"], bl_date=_date(bl.get("date"))
            )
        )
    session.flush()
    return declaration_id


def _cited_manifest(
    session: Session, office: str, declared: date, containers: list[str], bls: list[str]
) -> tuple[str | None, date | None]:
    """A declaration sent without its BC 1.1: the office's latest, on or before it, listing one
    of its goods (as migration 0011 bound the declarations stored before it)."""
    lists_goods = col(ManifestContainerRow.number).in_(containers) | col(
        ManifestItemRow.bl_number
    ).in_(bls)
    found = session.execute(
        select(col(ManifestRow.number), col(ManifestRow.manifest_date))
        .join(ManifestItemRow, col(ManifestItemRow.manifest_id) == col(ManifestRow.id))
        .outerjoin(ManifestContainerRow, col(ManifestContainerRow.item_id) == ManifestItemRow.id)
        .where(
            col(ManifestRow.office_code) == office,
            col(ManifestRow.manifest_date) <= declared,
            lists_goods,
        )
        .order_by(col(ManifestRow.manifest_date).desc(), col(ManifestRow.id).desc())
        .limit(1)
    ).first()
    return (found[0], found[1]) if found else (None, None)


def _delete_manifest_children(session: Session, manifest_id: int) -> None:
    item_ids = select(col(ManifestItemRow.id)).where(
        col(ManifestItemRow.manifest_id) == manifest_id
    )
    session.execute(
        delete(ManifestContainerRow).where(col(ManifestContainerRow.item_id).in_(item_ids))
    )
    session.execute(delete(ManifestItemRow).where(col(ManifestItemRow.manifest_id) == manifest_id))


def _only(doc: Doc, row: Any) -> dict[str, Any]:
    names = set(row.model_fields) - {"id", "item_id", "manifest_id"}
    return {k: v for k, v in doc.items() if k in names}


def _id(value: int | None) -> int:
    assert value is not None, "flushed rows have their id"
    return value


def _required_date(value: Any) -> date:
    when = _date(value)
    if when is None:
        raise ValueError("a date is required")
    return when


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
