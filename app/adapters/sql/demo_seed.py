"""Demo data and demo accounts, loaded on first start in demo mode (never in production)."""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from app.adapters.account_admin import create_account
from app.adapters.sql.database import Database
from app.adapters.sql.repositories import refdata_document_repository as refdata_store
from app.adapters.sql.repositories.account_repository import SqlAccounts
from app.adapters.sql.tables.reference_tables import OfficeRow
from app.domain.actor import Role

log = logging.getLogger("plp.demo")
PRIORITY = "040300"

# (username, role, scope): passwords are "<username>-demo", as the README lists them.
DEMO_ACCOUNTS: list[tuple[str, Role, dict[str, Any]]] = [
    ("tpka", Role.TPS_OPERATOR, {"tps_code": "TPKA", "full_name": "Operator TPKA"}),
    ("cfsb", Role.TPS_OPERATOR, {"tps_code": "CFSB", "full_name": "Operator CFSB"}),
    ("koja", Role.TPS_OPERATOR, {"tps_code": "KOJA", "full_name": "Operator KOJA"}),
    ("jge1", Role.TPS_OPERATOR, {"tps_code": "JGE1", "full_name": "Operator JGE1"}),
    ("manifest", Role.MANIFEST_OFFICER, {"office_code": PRIORITY, "full_name": "Dewi Lestari"}),
    ("p2", Role.P2_OFFICER, {"office_code": PRIORITY, "full_name": "Agus Prasetyo"}),
    ("kasubsi", Role.KASUBSI_MANIFEST, {"office_code": PRIORITY, "full_name": "Hendra Wijaya"}),
    (
        "supervisor-asal",
        Role.ORIGIN_SUPERVISOR,
        {
            "office_code": PRIORITY,
            "supervised_tps": frozenset({"TPKA", "KOJA"}),
            "full_name": "Rudi Hartono",
        },
    ),
    (
        "supervisor-tujuan",
        Role.DESTINATION_SUPERVISOR,
        {
            "office_code": PRIORITY,
            "supervised_tps": frozenset({"CFSB"}),
            "full_name": "Siti Rahmawati",
        },
    ),
    ("p2-section", Role.P2_SECTION, {"office_code": PRIORITY, "full_name": "Bambang Sutrisno"}),
    ("admin", Role.ADMIN, {"full_name": "Administrator"}),
]


def demo_refdata() -> dict[str, Any]:
    text = resources.files("app.demo").joinpath("refdata.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def seed(database: Database) -> bool:
    """Load the demo reference data and accounts if the database has none; True if it did."""
    with database.session() as session:
        if session.scalars(select(col(OfficeRow.code))).first() is not None:
            return False
        refdata_store.load(session, demo_refdata())
        session.commit()
    for username, role, scope in DEMO_ACCOUNTS:
        with database.session(read_only=True) as session:
            exists = SqlAccounts(session).by_username(username) is not None
        if not exists:
            create_account(database, username, f"{username}-demo", role, **scope)
    log.info("demo data and %d demo accounts loaded", len(DEMO_ACCOUNTS))
    return True
