"""Load and read reference data: offices, TPS, BC 1.1 manifests, declarations and releases."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.adapters.sql.tables import (
    DeclarationItemRow,
    DeclarationRow,
    GudangRow,
    ManifestContainerRow,
    ManifestItemRow,
    ManifestRow,
    OfficeRow,
    TpsRow,
)

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
    session.execute(delete(GudangRow).where(GudangRow.tps_code == tps["code"]))  # type: ignore[arg-type]
    for code in tps.get("gudangs") or [tps["code"]]:
        session.add(GudangRow(tps_code=tps["code"], code=code))
    session.flush()


def replace_manifest(session: Session, m: Doc) -> int:
    """A manifest is replaced whole: its number, date and office identify it."""
    key = (m["office_code"], m["number"], _date(m["date"]))
    existing = session.scalars(
        select(ManifestRow).where(
            ManifestRow.office_code == key[0],
            ManifestRow.number == key[1],
            ManifestRow.manifest_date == key[2],
        )  # type: ignore[arg-type]
    ).first()
    if existing is not None:
        _delete_manifest_children(session, existing.id)  # type: ignore[arg-type]
        session.delete(existing)
        session.flush()
    row = ManifestRow(
        office_code=key[0],
        number=key[1],
        manifest_date=key[2],
        vessel_name=m.get("vessel_name") or "",
        call_sign=m.get("call_sign") or "",
        voyage=m.get("voyage") or "",
        arrival_date=_date(m.get("arrival_date")),
    )
    session.add(row)
    session.flush()
    for item in m.get("items", []):
        values = _only(item, ManifestItemRow) | {"manifest_id": row.id}
        values["bl_date"], values["master_bl_date"] = (
            _date(item.get("bl_date")),
            _date(item.get("master_bl_date")),
        )
        item_row = ManifestItemRow(**values)
        session.add(item_row)
        session.flush()
        for c in item.get("containers", []):
            session.add(ManifestContainerRow(item_id=item_row.id, **_only(c, ManifestContainerRow)))
    session.flush()
    assert row.id is not None
    return row.id


def replace_declaration(session: Session, d: Doc) -> int:
    key = (d["office_code"], d.get("kind", "BC20"), d["number"], _date(d["date"]))
    existing = session.scalars(
        select(DeclarationRow).where(
            DeclarationRow.office_code == key[0],
            DeclarationRow.kind == key[1],  # type: ignore[arg-type]
            DeclarationRow.number == key[2],
            DeclarationRow.declaration_date == key[3],
        )  # type: ignore[arg-type]
    ).first()
    if existing is not None:
        session.execute(
            delete(DeclarationItemRow).where(DeclarationItemRow.declaration_id == existing.id)
        )  # type: ignore[arg-type]
        session.delete(existing)
        session.flush()
    row = DeclarationRow(
        office_code=key[0],
        kind=key[1],
        number=key[2],
        declaration_date=key[3],
        sppb_number=d.get("sppb_number"),
        sppb_date=_date(d.get("sppb_date")),
    )
    session.add(row)
    session.flush()
    for number in d.get("containers", []):
        session.add(DeclarationItemRow(declaration_id=row.id, container_number=number))
    for bl in d.get("bls", []):
        session.add(
            DeclarationItemRow(
                declaration_id=row.id, bl_number=bl["number"], bl_date=_date(bl.get("date"))
            )
        )
    session.flush()
    assert row.id is not None
    return row.id


def _delete_manifest_children(session: Session, manifest_id: int) -> None:
    item_ids = select(ManifestItemRow.id).where(ManifestItemRow.manifest_id == manifest_id)  # type: ignore[arg-type]
    session.execute(delete(ManifestContainerRow).where(ManifestContainerRow.item_id.in_(item_ids)))  # type: ignore[attr-defined]
    session.execute(delete(ManifestItemRow).where(ManifestItemRow.manifest_id == manifest_id))  # type: ignore[arg-type]


def _only(doc: Doc, row: Any) -> dict[str, Any]:
    names = set(row.model_fields) - {"id", "item_id", "manifest_id"}
    return {k: v for k, v in doc.items() if k in names}


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
