"""Run Alembic from code: `plp-online db upgrade`, start-up, and the migration tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from app.adapters.sql.database import normalise_url

MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_ID = 7_204_031  # PostgreSQL advisory lock: one instance migrates, the others wait


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def has_schema(engine: Engine) -> bool:
    """Whether migrations ever ran on this database (the CLI refuses to start one: issue 16)."""
    with engine.connect() as conn:
        return inspect(conn).has_table("alembic_version")


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration this code knows (readiness)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return False  # never migrated
        stored = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return set(stored) == _heads()


@cache
def _heads() -> frozenset[str]:
    """The code's heads: read once, they do not change while the process runs."""
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())
