"""Every table and index of the schema, imported in one place so Alembic and the tests see the
whole metadata whatever else happens to be imported."""

from __future__ import annotations

import app.adapters.sql.queries.report_query
import app.adapters.sql.repositories.job_run_repository
import app.adapters.sql.repositories.login_throttle_repository
import app.adapters.sql.tables.conformance_tables
import app.adapters.sql.tables.outage_tables
import app.adapters.sql.tables.outbox_tables
import app.adapters.sql.tables.plp_tables
import app.adapters.sql.tables.response_tables
import app.adapters.sql.tables.session_tables
import app.adapters.sql.tables.stock_tables  # noqa: F401
from app.adapters.sql.tables.reference_tables import metadata

__all__ = ["metadata"]
