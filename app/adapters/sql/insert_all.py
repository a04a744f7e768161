"""A new request with its lines and audit events in one round trip on PostgreSQL.

Data-modifying CTEs insert the request, its lines and its events in one statement, and the
lines and events travel as one array per column (`unnest`), so the statement's text is the
same whatever the number of lines: built once, cached by SQLAlchemy, prepared by PostgreSQL,
one executor run instead of one per line. SQLite has neither CTE inserts nor arrays, and no
network round trip to save: it writes one statement per table."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    cast,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Connection

from app.adapters.sql.plp_tables import AuditEventRow, PlpLineRow, PlpRequestRow
from app.adapters.sql.types import UtcDateTime

REQ: Table = PlpRequestRow.__table__  # type: ignore[attr-defined]
LINE: Table = PlpLineRow.__table__  # type: ignore[attr-defined]
EVENT: Table = AuditEventRow.__table__  # type: ignore[attr-defined]
Row = dict[str, Any]


def insert_all(conn: Connection, request: Row, lines: list[Row], events: list[Row]) -> None:
    if conn.dialect.name != "postgresql" or not lines or not events:
        conn.execute(insert(REQ), [request])
        if lines:
            conn.execute(insert(LINE), lines)
        if events:
            conn.execute(insert(EVENT), events)
        return
    statement, line_cols, event_cols = _statement(tuple(request), tuple(lines[0]), tuple(events[0]))
    params = {f"r_{k}": v for k, v in request.items()}
    params |= _columns("l", LINE, line_cols, lines) | _columns("e", EVENT, event_cols, events)
    conn.execute(statement, params)


def _columns(prefix: str, table: Table, names: tuple[str, ...], rows: list[Row]) -> Row:
    out: Row = {}
    for name in names:
        values = [row[name] for row in rows]
        if isinstance(table.c[name].type, JSON):  # sent as text, cast back to JSON in SQL
            values = [None if v is None else json.dumps(v) for v in values]
        out[f"{prefix}_{name}"] = values
    return out


@cache
def _statement(
    request_cols: tuple[str, ...], line_cols: tuple[str, ...], event_cols: tuple[str, ...]
) -> tuple[Any, tuple[str, ...], tuple[str, ...]]:
    head = insert(REQ).values({c: bindparam(f"r_{c}", type_=REQ.c[c].type) for c in request_cols})
    body = insert(LINE).from_select(list(line_cols), _unnested("l", LINE, line_cols))
    trail = insert(EVENT).from_select(list(event_cols), _unnested("e", EVENT, event_cols))
    statement = trail.add_cte(head.cte("new_request")).add_cte(body.cte("new_lines"))
    return statement, line_cols, event_cols


def _unnested(prefix: str, table: Table, names: tuple[str, ...]) -> Any:
    return select(*(_unnest(f"{prefix}_{n}", table.c[n].type) for n in names))


def _unnest(name: str, column_type: Any) -> Any:
    if isinstance(column_type, JSON):
        return cast(func.unnest(bindparam(name, type_=ARRAY(Text))), column_type)
    array = ARRAY(_ELEMENT.get(type(column_type), String()))
    return func.unnest(bindparam(name, type_=array))


_ELEMENT: dict[type, Any] = {
    Integer: Integer(),
    Boolean: Boolean(),
    Date: Date(),
    UtcDateTime: DateTime(timezone=True),
}
