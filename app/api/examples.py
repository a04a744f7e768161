"""OpenAPI examples that work as they are against the demo data."""

from __future__ import annotations

from typing import Any

from fastapi import Body

_HEADER: dict[str, Any] = {
    "office_code": "040300",
    "letter_number": "00101/PLP/TPKA/2026",
    "letter_date": "2026-11-25",
    "origin_tps": "TPKA",
    "origin_gudang": "TPKA",
    "destination_tps": "CFSB",
    "destination_gudang": "CFB1",
    "vessel_name": "MV SAMPLE STAR",
    "call_sign": "9VAB7",
    "voyage": "025S",
    "arrival_date": "2026-11-19",
    "bc11_number": "001234",
    "bc11_date": "2026-11-20",
    "applicant_name": "BUDI SANTOSO",
}

SUBMIT_EXAMPLES = Body(
    openapi_examples={
        "containers_yor": {
            "summary": "TPKA, 2 containers, high YOR (goes to P2 and manifest, R1)",
            "value": _HEADER
            | {
                "ref_number": "TPKA261125000001",
                "reason": "YOR_SOR",
                "yor_origin": 72,
                "containers": [
                    {"number": "MSKU1001373", "size": "20", "iso_type": "22G1"},
                    {"number": "TGHU1002113", "size": "40", "iso_type": "45G1"},
                ],
            },
        },
        "packages_lcl": {
            "summary": "TPKA, LCL house B/Ls (manifest officer only, R2)",
            "value": _HEADER
            | {
                "ref_number": "TPKA261125000002",
                "reason": "NO_LCL_SPACE",
                "packages": [
                    {
                        "type": "PK",
                        "count": 10,
                        "bl_number": "HBL-LCL-0001",
                        "bl_date": "2026-11-11",
                    }
                ],
            },
        },
        "rejected_e3": {
            "summary": "a container already covered by a PIB: rejected naming E3",
            "value": _HEADER
            | {
                "ref_number": "TPKA261125000003",
                "reason": "NO_LCL_SPACE",
                "containers": [{"number": "OOLU1006187", "size": "40"}],
            },
        },
    }
)
