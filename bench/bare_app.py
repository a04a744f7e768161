"""The floor any submit must pay: the same app, middleware, server and database, plus one route
that inserts the same 11 rows (one request header, ten lines) with SQLAlchemy Core in one
transaction, and nothing else: no rules, no idempotency, no audit, a minimal answer.

Served as `uvicorn bench.bare_app:create --factory` with the settings `plp-online serve` uses."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI, Request, Response
from sqlalchemy import insert

from app.adapters.sql.tables.plp_tables import PlpLineRow, PlpRequestRow
from app.main import create_app

REQ, LINE = PlpRequestRow.__table__, PlpLineRow.__table__  # type: ignore[attr-defined]


def create() -> FastAPI:
    app = create_app()

    @app.post("/bare", status_code=201)
    def bare(body: dict[str, Any], request: Request) -> Response:
        rid = uuid.uuid4().hex
        header = {
            "id": rid, "version": 0, "status": "IN_REVIEW", "office_code": body["office_code"],
            "ref_number": body["ref_number"], "applicant_tps": body["origin_tps"],
            "side": "origin", "channel": "rest", "data_type": "1",
            "letter_number": body["letter_number"],
            "letter_date": date.fromisoformat(body["letter_date"]),
            "origin_tps": body["origin_tps"], "origin_gudang": body["origin_gudang"],
            "destination_tps": body["destination_tps"],
            "destination_gudang": body["destination_gudang"], "reason": body["reason"],
            "bc11_number": body["bc11_number"],
            "bc11_date": date.fromisoformat(body["bc11_date"]),
            "applicant_name": body["applicant_name"], "submitted_at": datetime.now(UTC),
            "fingerprint": "0" * 64, "needs_p2": False, "line_count": len(body["containers"]),
            "findings": [],
        }  # fmt: skip
        lines = [
            {"request_id": rid, "line_no": n, "kind": "container", "line_key": f"C:{c['number']}",
             "active": True, "container_number": c["number"], "size": c["size"],
             "cancelled": False}
            for n, c in enumerate(body["containers"], 1)
        ]  # fmt: skip
        with request.app.state.services.database.engine.begin() as conn:
            conn.execute(insert(REQ), [header])
            conn.execute(insert(LINE), lines)
        # A Response, as the submit route returns: no second thread hop to validate the answer.
        return Response(f'{{"id":"{rid}"}}', status_code=201, media_type="application/json")

    return app
