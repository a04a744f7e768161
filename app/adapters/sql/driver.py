"""Hot statements run on the driver's cursor inside the session's transaction: the submission's
two (fetch_all, PostgreSQL) and the reads of one request (read, both databases; read_all sends
a request's three in one round trip on PostgreSQL).

Each is compiled once; executing it through SQLAlchemy would again build a cache key,
parameters, a result object and its metadata: about as much CPU as the driver's whole round
trip. read() still applies the columns' own bind and result processors, so rows hold what
SQLAlchemy would have given (aware datetimes, dates, parsed JSON, booleans on SQLite). Errors
come out as SQLAlchemy's own exceptions, and a lost connection is invalidated, so callers and
the pool see no difference."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Select
from sqlalchemy.sql.expression import Executable

Processor = Callable[[Any], Any] | None


def fetch_all(conn: Connection, statement: Executable, params: dict[str, Any]) -> list[Any]:
    sql, constants = _compiled(conn.dialect, statement)
    return _execute(conn, sql, constants | params)[0]


def read(conn: Connection, statement: Select[Any], params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a select built once (its values as bindparams), as {column key: value}."""
    plan = _plan(conn.dialect, statement)
    rows, description = _execute(conn, plan.sql, plan.bound(params))
    return plan.rows(conn.dialect, rows, description)


def read_all(
    conn: Connection, reads: Sequence[tuple[Select[Any], dict[str, Any]]]
) -> list[list[dict[str, Any]]]:
    """Several reads, as read() gives each. On PostgreSQL they go in one round trip (psycopg's
    pipeline mode), each statement still its own, as read() runs it."""
    if hasattr(conn.connection.dbapi_connection, "pipeline"):
        plans = [_plan(conn.dialect, statement) for statement, _ in reads]
        bound = [(p.sql, p.bound(params)) for p, (_, params) in zip(plans, reads, strict=True)]
        results = _pipelined(conn, bound)
        return [
            p.rows(conn.dialect, rows, description)
            for p, (rows, description) in zip(plans, results, strict=True)
        ]
    return [read(conn, statement, params) for statement, params in reads]


def run(conn: Connection, sql: str) -> None:
    """A statement of our own, without parameters or rows (SQLite's BEGIN)."""
    _execute(conn, sql, ())


def _execute(conn: Connection, sql: str, params: Any) -> tuple[list[Any], Any]:
    dbapi_connection = conn.connection.dbapi_connection
    assert dbapi_connection is not None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(sql, params)
        description = cursor.description
        return (list(cursor.fetchall()) if description else []), description
    except conn.dialect.loaded_dbapi.Error as exc:
        raise _translated(conn, exc, cursor, sql, params) from exc
    finally:
        cursor.close()


def _pipelined(conn: Connection, bound: list[tuple[str, Any]]) -> list[tuple[list[Any], Any]]:
    dbapi_connection: Any = conn.connection.dbapi_connection
    cursors = [dbapi_connection.cursor() for _ in bound]
    try:
        with dbapi_connection.pipeline() as pipeline:
            for cursor, (sql, params) in zip(cursors, bound, strict=True):
                cursor.execute(sql, params)
            pipeline.sync()  # sends them all and waits once
            return [(list(c.fetchall()) if c.description else [], c.description) for c in cursors]
    except conn.dialect.loaded_dbapi.Error as exc:
        raise _translated(conn, exc, cursors[0], *bound[0]) from exc
    finally:
        for cursor in cursors:
            cursor.close()


def _translated(conn: Connection, exc: Any, cursor: Any, sql: str, params: Any) -> Exception:
    """SQLAlchemy's own exception; a lost connection is invalidated."""
    lost = conn.dialect.is_disconnect(exc, conn.connection.dbapi_connection, cursor)
    if lost:
        conn.invalidate(exc)
    translated: Exception = DBAPIError.instance(
        sql,
        params,
        exc,
        conn.dialect.loaded_dbapi.Error,
        connection_invalidated=lost,
        dialect=conn.dialect,
    )
    return translated


@dataclass
class _Plan:
    sql: str
    constants: dict[str, Any]
    names: tuple[str, ...]  # of its parameters
    order: tuple[str, ...]  # the same in order, for positional drivers (SQLite)
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]
    keys: tuple[str, ...]
    types: tuple[Any, ...]
    _processors: dict[tuple[Any, ...], list[Processor]] = field(default_factory=dict)

    def bound(self, params: dict[str, Any]) -> Any:
        """The driver's parameters: the statement's own values and ours, bind-processed."""
        values = self.constants | params
        for name, process in self.binds:
            if values[name] is not None:
                values[name] = process(values[name])
        if self.order:  # positional (SQLite)
            return tuple(values[n] for n in self.order)
        return {n: values[n] for n in self.names}

    def rows(self, dialect: Dialect, rows: list[Any], description: Any) -> list[dict[str, Any]]:
        """As {column key: value}, each value through its column's result processor."""
        processors = self.processors(dialect, description)
        keys = self.keys
        return [
            dict(
                zip(
                    keys,
                    [
                        v if p is None or v is None else p(v)
                        for p, v in zip(processors, row, strict=True)
                    ],
                    strict=True,
                )
            )
            for row in rows
        ]

    def processors(self, dialect: Dialect, description: Sequence[Any]) -> list[Processor]:
        """Each column's result processor, for the column types the driver reported."""
        codes = tuple(d[1] for d in description)
        found = self._processors.get(codes)
        if found is None:
            found = self._processors[codes] = [
                t.dialect_impl(dialect).result_processor(dialect, code)
                for t, code in zip(self.types, codes, strict=True)
            ]
        return found


@lru_cache(maxsize=1024)  # statements built per shape of a query come and go
def _plan(dialect: Dialect, statement: Select[Any]) -> _Plan:
    compiled = statement.compile(dialect=dialect)
    binds = {}
    for bind, name in compiled.bind_names.items():  # as rendered, its own values' too
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            binds[name] = process  # once per name, however often the statement uses it
    columns = list(statement.selected_columns)
    return _Plan(
        str(compiled),
        {k: v for k, v in compiled.params.items() if v is not None},
        tuple(compiled.params),
        tuple(compiled.positiontup or ()),
        tuple(binds.items()),
        tuple(str(c.key) for c in columns),
        tuple(c.type for c in columns),
    )


@cache
def _compiled(dialect: Dialect, statement: Executable) -> tuple[str, dict[str, Any]]:
    """The SQL text and the values of its own literals (tags, constants)."""
    compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    return str(compiled), dict(compiled.params)
