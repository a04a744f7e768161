"""E2/E3/E5/E7, R5 and idempotency facts of a submission in one round trip (a UNION ALL of lookups);
declarations count only under the BC 1.1 the request cites.

The statement is built once per shape (containers, packages or both) and dialect, with bound
parameters: PostgreSQL gets `= ANY(array)` so its text never changes and it is prepared once;
SQLite gets an expanding IN list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ARRAY, String, and_, any_, bindparam, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from app.adapters.sql import driver
from app.adapters.sql.tables.plp_tables import PlpLineRow, PlpRequestRow
from app.adapters.sql.tables.reference_tables import (
    DeclarationItemRow,
    DeclarationRow,
    ManifestContainerRow,
    ManifestItemRow,
    ManifestRow,
)
from app.adapters.sql.tables.stock_tables import GoodsStockRow
from app.domain.eligibility import EligibilityFacts, ManifestEntry
from app.domain.lines import ManifestFacts, PlpLine
from app.domain.plp_parts import PlpHeader
from app.domain.ports.plp import PriorSubmission, TpsPair
from app.domain.research import ManifestVoyage

R, L = PlpRequestRow.__table__.c, PlpLineRow.__table__.c  # type: ignore[attr-defined]
M, MI = ManifestRow.__table__.c, ManifestItemRow.__table__.c  # type: ignore[attr-defined]
MC = ManifestContainerRow.__table__.c  # type: ignore[attr-defined]
D, DI = DeclarationRow.__table__.c, DeclarationItemRow.__table__.c  # type: ignore[attr-defined]
GS = GoodsStockRow.__table__.c  # type: ignore[attr-defined]
WIDTH = 10  # columns of the union: tag, then v0..v8
# "+ 0" keeps planners (SQLite has no statistics) from walking every item of the manifest
# through the manifest_id index instead of looking the few goods up by number.
_NOT_DRIVING = MI.manifest_id + 0


def gather(
    session: Session, header: PlpHeader, applicant: str, lines: list[PlpLine], pair: TpsPair
) -> tuple[EligibilityFacts, PriorSubmission | None]:
    containers = sorted({ln.container.number for ln in lines if ln.container})
    bls = sorted({ln.package.bl_number for ln in lines if ln.package})
    dialect = session.get_bind().dialect.name
    params = {
        "applicant": applicant,
        "ref": header.ref_number,
        "office": header.office_code,
        "bc11": header.bc11_number,
        "bc11_date": header.bc11_date,
        "keys": sorted({ln.key for ln in lines}),
        "origin": header.origin_tps,
        "containers": containers,
        "bls": bls,
    }
    pg = dialect == "postgresql"
    statement = _statement(pg, bool(containers), bool(bls))
    conn = session.connection()
    rows: Sequence[Any]
    if pg:
        rows = driver.fetch_all(conn, statement, params)
    else:
        rows = conn.execute(statement, params).all()
    return _facts(rows, pair, lines)


@cache
def _statement(pg: bool, with_containers: bool, with_packages: bool) -> Any:
    def among(column: Any, name: str) -> Any:
        if pg:
            return column == any_(bindparam(name, type_=ARRAY(String)))
        return column.in_(bindparam(name, expanding=True))

    this_manifest = and_(
        M.office_code == bindparam("office"),
        M.number == bindparam("bc11"),
        M.manifest_date == bindparam("bc11_date"),
    )
    parts = [
        _row("prior", R.id, R.fingerprint).where(
            R.applicant_tps == bindparam("applicant"), R.ref_number == bindparam("ref")
        ),
        # R5: the same row carries the BC 1.1's vessel and voyage, at no extra lookup
        _row("manifest", M.id, M.vessel_name, M.call_sign, M.voyage, M.arrival_date).where(
            this_manifest
        ),
        _row("active", L.line_key)  # which goods only: never the holder's ref or PLP number
        .join_from(PlpLineRow, PlpRequestRow, L.request_id == R.id)
        .where(L.active, among(L.line_key, "keys")),
        _row("stock", GS.goods_key).where(  # E7: which goods only, never where the rest are
            GS.office_code == bindparam("office"),
            GS.bc11_number == bindparam("bc11"),
            GS.bc11_date == bindparam("bc11_date"),
            among(GS.goods_key, "keys"),
            GS.status == "AT_TPS",
            GS.tps_code == bindparam("origin"),
        ),
    ]
    if with_containers:
        parts += _container_parts(
            among(MC.number, "containers"), among(DI.container_number, "containers"), this_manifest
        )
    if with_packages:
        parts += _package_parts(
            among(MI.bl_number, "bls"), among(DI.bl_number, "bls"), this_manifest
        )
    return union_all(*parts)


def _row(tag: str, *values: Any) -> Any:
    cols = [literal(tag).label("tag")]
    cols += [cast(v, String).label(f"v{i}") for i, v in enumerate(values)]
    cols += [cast(null(), String).label(f"v{i}") for i in range(len(values), WIDTH - 1)]
    return select(*cols)


def _item_values() -> list[Any]:
    return [MI.pos_number, MI.consignee, MI.bl_number, MI.bl_date, MI.master_bl_number, MI.excise]


def _declared(key: Any) -> Any:
    """Which goods a declaration covers and whether it was released: not its numbers, which
    are the importer's (a refusal names only the caller's goods)."""
    return _row("decl", key, D.sppb_number)


def _cites_this_bc11() -> Any:
    """E2/E3: a declaration covers goods of the BC 1.1 it cites only; the same container
    number under an earlier voyage's declaration says nothing about these goods."""
    return and_(
        D.office_code == bindparam("office"),
        D.bc11_number == bindparam("bc11"),
        D.bc11_date == bindparam("bc11_date"),
    )


def _container_parts(listed: Any, declared_listed: Any, this_manifest: Any) -> list[Any]:
    in_manifest = (
        _row("mc", MC.number, *_item_values(), MC.fcl_lcl, MC.size)
        .join_from(ManifestContainerRow, ManifestItemRow, MC.item_id == MI.id)
        .join(ManifestRow, M.id == _NOT_DRIVING)
        .where(this_manifest, listed)
    )
    by_container = (
        _declared(DI.container_number)
        .join_from(DeclarationItemRow, DeclarationRow, DI.declaration_id == D.id)
        .where(declared_listed, _cites_this_bc11())
    )
    by_bl_of_container = (  # a declaration of a container's house B/L covers the container
        _declared(MC.number)
        .join_from(ManifestContainerRow, ManifestItemRow, MC.item_id == MI.id)
        .join(ManifestRow, M.id == _NOT_DRIVING)
        .join(DeclarationItemRow, DI.bl_number == MI.bl_number)
        .join(DeclarationRow, DI.declaration_id == D.id)
        .where(listed, MI.bl_number.is_not(None), this_manifest, _cites_this_bc11())
    )
    return [in_manifest, by_container, by_bl_of_container]


def _package_parts(listed: Any, declared_listed: Any, this_manifest: Any) -> list[Any]:
    in_manifest = (
        _row("mk", MI.bl_number, *_item_values(), MI.package_count)
        .join_from(ManifestItemRow, ManifestRow, M.id == _NOT_DRIVING)
        .where(this_manifest, listed)
    )
    declared = (
        _row("declk", DI.bl_number, D.sppb_number, DI.bl_date)
        .join_from(DeclarationItemRow, DeclarationRow, DI.declaration_id == D.id)
        .where(declared_listed, _cites_this_bc11())
    )
    return [in_manifest, declared]


def _facts(
    rows: Sequence[Any], pair: TpsPair, lines: list[PlpLine]
) -> tuple[EligibilityFacts, PriorSubmission | None]:
    prior, manifest_found, voyage = None, False, None
    in_manifest: dict[str, ManifestEntry] = {}
    declared: set[str] = set()
    released: set[str] = set()
    active: set[str] = set()
    at_origin: set[str] = set()
    bl_dates = {ln.package.bl_number: ln.package.bl_date for ln in lines if ln.package}
    for tag, *v in rows:
        if tag == "prior":
            prior = PriorSubmission(v[0], v[1])
        elif tag == "manifest":
            manifest_found, voyage = True, _voyage(v)
        elif tag == "active":
            active.add(v[0])
        elif tag == "stock":
            at_origin.add(v[0])
        elif tag == "mc":
            in_manifest[f"C:{v[0]}"] = ManifestEntry(_manifest_facts(v, v[7]), size=v[8])
        elif tag == "mk" and v[4] and _same_date(v[4], bl_dates.get(v[0])):
            entry = ManifestEntry(_manifest_facts(v, None), package_count=_int(v[7]))
            in_manifest[f"K:{v[0]}:{v[4][:10]}"] = entry
        elif tag in ("decl", "declk"):
            key = (
                f"C:{v[0]}"
                if tag == "decl"
                else f"K:{v[0]}:{(v[2] or '')[:10] or bl_dates.get(v[0])}"
            )
            declared.add(key)
            if v[1]:
                released.add(key)
    facts = EligibilityFacts(
        pair.origin,
        pair.destination,
        manifest_found,
        in_manifest,
        frozenset(declared),
        frozenset(released),
        frozenset(active),
        frozenset(at_origin),
        voyage=voyage,
    )
    return facts, prior


def _voyage(v: list[Any]) -> ManifestVoyage:
    arrival = date.fromisoformat(v[4][:10]) if v[4] else None
    return ManifestVoyage(v[1] or "", v[2] or "", v[3] or "", arrival)


def _manifest_facts(v: list[Any], fcl: str | None) -> ManifestFacts:
    return ManifestFacts(
        pos_number=v[1],
        consignee=v[2] or "",
        bl_number=v[3],
        bl_date=date.fromisoformat(v[4][:10]) if v[4] else None,
        master_bl_number=v[5],
        fcl_lcl=fcl,
        excise=_bool(v[6]),
    )


def _same_date(stored: str, wanted: date | None) -> bool:
    return wanted is not None and stored[:10] == wanted.isoformat()


def _bool(raw: str | None) -> bool:
    return (raw or "").lower() in ("1", "true", "t")


def _int(raw: str | None) -> int | None:
    return None if raw is None else int(float(raw))
