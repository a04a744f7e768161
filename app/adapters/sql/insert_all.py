"""A new request with its lines and audit events in one round trip on PostgreSQL.

Data-modifying CTEs insert the request, its lines and its events in one statement. Each table's
rows travel as one JSON document that PostgreSQL turns back into typed rows
(`json_populate_recordset` against the table's own row type), so the statement has three
parameters whatever the number of lines or columns: built once, prepared once by PostgreSQL,
and the driver adapts three strings instead of one typed array per column, which cost more
than the insert itself. SQLite has neither CTE inserts nor a network round trip to save: it
writes one statement per table."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.elements import TextClause

from app.adapters.sql import driver
from app.adapters.sql.tables.plp_tables import AuditEventRow, PlpLineRow, PlpRequestRow

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
    statement = _statement(conn.dialect, tuple(request), tuple(lines[0]), tuple(events[0]))
    rows = {"request": _json([request]), "lines": _json(lines), "events": _json(events)}
    driver.fetch_all(conn, statement, rows)


def _json(rows: list[Row]) -> str:
    return json.dumps(rows, default=_iso, separators=(",", ":"))


def _iso(value: Any) -> str:
    """Aware datetimes keep their offset, so timestamptz columns get the same instant."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a column value")


@cache
def _statement(
    dialect: Dialect,
    request_cols: tuple[str, ...],
    line_cols: tuple[str, ...],
    event_cols: tuple[str, ...],
) -> TextClause:
    quote = dialect.identifier_preparer.quote

    def insert_rows(table: Table, cols: tuple[str, ...], param: str) -> str:
        names, name = ", ".join(quote(c) for c in cols), quote(table.name)
        rows = f"json_populate_recordset(CAST(NULL AS {name}), CAST(:{param} AS json))"
        # Only our own table and column names are spliced in, quoted; values are parameters.
        return f"INSERT INTO {name} ({names}) SELECT {names} FROM {rows}"  # noqa: S608

    return text(
        f"WITH new_request AS ({insert_rows(REQ, request_cols, 'request')}), "
        f"new_lines AS ({insert_rows(LINE, line_cols, 'lines')}) "
        f"{insert_rows(EVENT, event_cols, 'events')}"
    )
