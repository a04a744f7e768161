"""Every table and index of the schema, imported in one place so Alembic and the tests see the
whole metadata whatever else happens to be imported."""

from __future__ import annotations

import app.adapters.sql.job_runs
import app.adapters.sql.login_throttle
import app.adapters.sql.outage_tables
import app.adapters.sql.outbox_tables
import app.adapters.sql.plp_tables
import app.adapters.sql.report_query
import app.adapters.sql.soap_tables  # noqa: F401
from app.adapters.sql.tables import metadata

__all__ = ["metadata"]
