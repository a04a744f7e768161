"""The TPS stock (E7) in table goods_stock: positions by goods, locked while they move."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session
from sqlmodel import col

from app.adapters.sql.tables.reference_tables import DeclarationItemRow, DeclarationRow
from app.adapters.sql.tables.stock_tables import GoodsStockRow
from app.domain.stock import GoodsPosition, GoodsRef, StockFilter, StockPage, StockStatus


class SqlGoodsStock:
    def __init__(self, session: Session) -> None:
        self._session = session

    def positions(
        self, office_code: str, bc11_number: str, bc11_date: date, keys: Iterable[str]
    ) -> dict[str, GoodsPosition]:
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        rows = self._session.scalars(
            select(GoodsStockRow)
            .where(
                col(GoodsStockRow.office_code) == office_code,
                col(GoodsStockRow.bc11_number) == bc11_number,
                col(GoodsStockRow.bc11_date) == bc11_date,
                col(GoodsStockRow.goods_key).in_(wanted),
            )
            .with_for_update()
        ).all()
        return {row.goods_key: to_domain(row) for row in rows}

    def list(self, filters: StockFilter) -> StockPage:
        f, row = filters, GoodsStockRow
        order = (col(row.bc11_date), col(row.bc11_number), col(row.goods_key))
        query = select(row).where(col(row.tps_code) == f.tps_code)
        if f.status is not None:
            query = query.where(col(row.status) == f.status.value)
        if f.bc11_number is not None:
            query = query.where(col(row.bc11_number) == f.bc11_number)
        if f.bc11_date is not None:
            query = query.where(col(row.bc11_date) == f.bc11_date)
        if f.container is not None:
            query = query.where(col(row.goods_key) == f"C:{f.container}")
        if f.after is not None:
            day, number, key = f.after
            query = query.where(tuple_(*order) > tuple_(date.fromisoformat(day), number, key))
        rows = self._session.scalars(query.order_by(*order).limit(f.limit + 1)).all()
        items = [to_domain(r) for r in rows[: f.limit]]
        last = items[-1].goods if len(rows) > f.limit else None
        after = (last.bc11_date.isoformat(), last.bc11_number, last.key) if last else None
        return StockPage(items, after)

    def released(
        self, office_code: str, bc11_number: str, bc11_date: date, keys: Iterable[str]
    ) -> set[str]:
        wanted = set(keys)
        numbers = [k[2:] for k in wanted if k.startswith("C:")]
        bls = [k[2:].rsplit(":", 1)[0] for k in wanted if k.startswith("K:")]
        d, di = DeclarationRow, DeclarationItemRow
        rows = self._session.execute(
            select(col(di.container_number), col(di.bl_number), col(di.bl_date))
            .join(d, col(d.id) == col(di.declaration_id))
            .where(
                col(d.office_code) == office_code,
                col(d.bc11_number) == bc11_number,
                col(d.bc11_date) == bc11_date,
                col(d.sppb_number).is_not(None),
                col(di.container_number).in_(numbers) | col(di.bl_number).in_(bls),
            )
        ).all()
        found = {f"C:{c}" for c, _, _ in rows if c}
        found |= {k for k in wanted for _, bl, _ in rows if bl and k.startswith(f"K:{bl}:")}
        return found & wanted

    def save(self, position: GoodsPosition) -> None:
        self._session.merge(to_row(position))
        self._session.flush()


def to_domain(row: GoodsStockRow) -> GoodsPosition:
    ref = GoodsRef(row.office_code, row.bc11_number, row.bc11_date, row.goods_key)
    return GoodsPosition(
        ref,
        StockStatus(row.status),
        row.tps_code,
        row.gudang,
        row.since,
        row.report,
        row.plp_request_id,
    )


def to_row(position: GoodsPosition) -> GoodsStockRow:
    g = position.goods
    return GoodsStockRow(
        office_code=g.office_code,
        bc11_number=g.bc11_number,
        bc11_date=g.bc11_date,
        goods_key=g.key,
        status=position.status.value,
        tps_code=position.tps_code,
        gudang=position.gudang,
        since=position.since,
        report=(position.report or "")[:80] or None,
        plp_request_id=position.plp_request_id,
    )
