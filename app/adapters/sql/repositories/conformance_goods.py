"""A conformance scenario's goods in the reference data: its BC 1.1 manifest with the
scenario's containers, discharged at the origin's gudang so E1-E7 hold for them, unless the
scenario wants them refused (issue 17)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.adapters.sql.database import Database
from app.adapters.sql.repositories import refdata_document_repository as refdata_store
from app.domain.conformance.data import ScenarioData


class SqlScenarioGoods:
    def __init__(self, database: Database) -> None:
        self._database = database

    def seed(self, data: ScenarioData, at: datetime) -> None:
        if data.refusal == "E1":  # the BC 1.1 the client is given does not exist
            return
        with self._database.session() as s:
            refdata_store.replace_manifest(s, manifest_of(data, at))
            s.commit()


def manifest_of(data: ScenarioData, at: datetime) -> dict[str, Any]:
    """One BC 1.1 item (B/L) per container, as the reference-data document lists manifests."""
    items = [
        {
            "pos_number": c.bc11_pos,
            "consignee": data.consignee,
            "consignee_id": "012345678900000",
            "bl_number": c.bl_number,
            "bl_date": data.bc11_date.isoformat(),
            "excise": False,
            "containers": [
                {"number": c.number, "size": c.size, "iso_type": c.iso_type, "fcl_lcl": "F"}
            ],
        }
        for c in data.containers
    ]
    manifest: dict[str, Any] = {
        "office_code": data.office,
        "number": data.bc11_number,
        "date": data.bc11_date.isoformat(),
        "vessel_name": data.vessel,
        "call_sign": data.call_sign,
        "voyage": data.voyage,
        "arrival_date": data.arrival_date.isoformat(),
        "items": items,
    }
    if data.refusal != "E7":  # E7: listed in the BC 1.1, never discharged at the TPS
        where = {"tps": data.origin_tps, "gudang": data.origin_gudang, "at": at.isoformat()}
        manifest["discharged_at"] = where
    return manifest
