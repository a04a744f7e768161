"""OpenAPI examples of administration and of path parameters, valid on the demo data."""

from __future__ import annotations

from typing import Any


def _ex(summary: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"summary": summary, "value": value}


DEMO_OFFICE = {
    "code": "040300",
    "name": "KPU Bea dan Cukai Tipe A Tanjung Priok",
    "timezone": "Asia/Jakarta",
    "calendar": "standard",
    "observes_collective_leave": True,
    "manifest_head": "kasi",
}
DEMO_TPS = {
    "code": "TPKA",
    "name": "Terminal Petikemas A (demo)",
    "office_code": "040300",
    "kind": "terminal",
    "yor_threshold": 65,
    "gudangs": ["TPKA"],
}
NEW_CONTAINER = "RPTU8000013"  # a valid ISO 6346 number in no demo manifest
NEW_MANIFEST = {
    "office_code": "040300",
    "number": "001299",
    "date": "2026-11-21",
    "vessel_name": "MV EXAMPLE",
    "items": [
        {
            "pos_number": "000100000000",
            "bl_number": "HBL-EXAMPLE-0001",
            "bl_date": "2026-11-12",
            "containers": [{"number": NEW_CONTAINER, "size": "20"}],
        }
    ],
}
PIB = {"office_code": "040300", "number": "000799", "date": "2026-11-24"}
ACCOUNT = {
    "username": "manifest2",
    "password": "manifest2-demo",
    "role": "manifest_officer",
    "full_name": "Second manifest officer",
    "office_code": "040300",
}
FRIDAY = {"at": "2026-11-27T15:00:00+07:00", "frozen": False}

ADMIN_EXAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/admin/refdata"): {
        "office": _ex("upsert the demo office as it is", {"offices": [DEMO_OFFICE]}),
    },
    ("put", "/api/v1/admin/offices/{code}"): {"demo": _ex("the demo office", DEMO_OFFICE)},
    ("put", "/api/v1/admin/tps/{code}"): {"demo": _ex("the demo TPKA", DEMO_TPS)},
    ("post", "/api/v1/admin/manifests"): {"new": _ex("a BC 1.1 of one container", NEW_MANIFEST)},
    ("post", "/api/v1/admin/declarations"): {
        "pib": _ex("a PIB for that container (E3)", PIB | {"containers": [NEW_CONTAINER]}),
    },
    ("post", "/api/v1/admin/accounts"): {"officer": _ex("a second manifest officer", ACCOUNT)},
    ("put", "/api/v1/admin/accounts/{username}/active"): {"on": _ex("enable", {"active": True})},
    ("put", "/api/v1/offices/{office_code}/closed-days/{day}"): {
        "closed": _ex("closed for a relocation", {"reason": "office relocation"}),
    },
    ("put", "/api/v1/test/clock"): {"friday": _ex("Friday afternoon, running", FRIDAY)},
    ("post", "/api/v1/test/clock/advance"): {"hour": _ex("one hour", {"seconds": 3600})},
}

# Path parameters Swagger UI fills in; the report's `month` follows the service clock instead.
PARAMETERS: dict[str, str] = {"office_code": "040300", "day": "2026-12-28", "username": "tpka"}
PARAMETERS_BY_PATH: dict[tuple[str, str], str] = {
    ("code", "/api/v1/admin/offices/{code}"): "040300",
    ("code", "/api/v1/admin/tps/{code}"): "TPKA",
}
