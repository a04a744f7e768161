"""The floor any submit must pay: the same server stack inserting the same 11 rows (one request
header, ten lines) with SQLAlchemy Core in one transaction, and nothing else."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI
from sqlalchemy import insert

from app.adapters.sql.database import Database
from app.adapters.sql.plp_tables import PlpLineRow, PlpRequestRow

REQ, LINE = PlpRequestRow.__table__, PlpLineRow.__table__  # type: ignore[attr-defined]
database = Database(os.environ["PLP_DATABASE_URL"])
app = FastAPI()


@app.post("/bare", status_code=201)
def bare(body: dict[str, Any]) -> dict[str, str]:
    rid = uuid.uuid4().hex
    header = {
        "id": rid,
        "version": 0,
        "status": "IN_REVIEW",
        "office_code": body["office_code"],
        "ref_number": body["ref_number"],
        "applicant_tps": body["origin_tps"],
        "side": "origin",
        "channel": "rest",
        "data_type": "1",
        "letter_number": body["letter_number"],
        "letter_date": date.fromisoformat(body["letter_date"]),
        "origin_tps": body["origin_tps"],
        "origin_gudang": body["origin_gudang"],
        "destination_tps": body["destination_tps"],
        "destination_gudang": body["destination_gudang"],
        "reason": body["reason"],
        "bc11_number": body["bc11_number"],
        "bc11_date": date.fromisoformat(body["bc11_date"]),
        "applicant_name": body["applicant_name"],
        "submitted_at": datetime.now(UTC),
        "fingerprint": "0" * 64,
        "needs_p2": False,
        "line_count": len(body["containers"]),
        "findings": [],
    }
    lines = [
        {
            "request_id": rid,
            "line_no": n,
            "kind": "container",
            "line_key": f"C:{c['number']}",
            "active": True,
            "container_number": c["number"],
            "size": c["size"],
            "cancelled": False,
        }
        for n, c in enumerate(body["containers"], 1)
    ]
    with database.engine.begin() as conn:
        conn.execute(insert(REQ), [header])
        conn.execute(insert(LINE), lines)
    return {"id": rid}
