"""The submission's two hot statements, run on the driver's cursor inside the session's
transaction (PostgreSQL only).

Each is compiled once; executing it through SQLAlchemy would again build parameters, run
bind and result processors and a result object: about as much CPU as the driver's whole
round trip. Errors come out as SQLAlchemy's own exceptions, and a lost connection is
invalidated, so callers and the pool see no difference."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable


def fetch_all(conn: Connection, statement: Executable, params: dict[str, Any]) -> list[Any]:
    sql, constants = _compiled(conn.dialect, statement)
    dbapi_connection = conn.connection.dbapi_connection
    assert dbapi_connection is not None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(sql, constants | params)
        return list(cursor.fetchall()) if cursor.description else []
    except conn.dialect.loaded_dbapi.Error as exc:
        lost = conn.dialect.is_disconnect(exc, dbapi_connection, cursor)
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(
            sql,
            params,
            exc,
            conn.dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=conn.dialect,
        ) from exc
    finally:
        cursor.close()


@cache
def _compiled(dialect: Dialect, statement: Executable) -> tuple[str, dict[str, Any]]:
    """The SQL text and the values of its own literals (tags, constants)."""
    compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    return str(compiled), dict(compiled.params)
