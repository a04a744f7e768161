"""OpenAPI examples that work as they are against the demo data (try-it-out in Swagger UI).

Each submission example uses demo goods of its own, none used by the README's walk or by
another example, so that each succeeds once on a fresh demo database; sent again unchanged it
is replayed (200, `Idempotent-Replayed`), and its goods stay in an active PLP (E5) until the
request ends. Gate times cannot be fixed in advance (M6: not before the approval, not in the
future): their examples follow the time the document was fetched, in the office's local time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
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
YOR_EXAMPLE: dict[str, Any] = _HEADER | {
    "ref_number": "TPKA261125000101",
    "reason": "YOR_SOR",
    "yor_origin": 72,
    "containers": [
        {"number": "CSQU1001743", "size": "20", "iso_type": "22G1"},
        {"number": "OOLU1002480", "size": "20", "iso_type": "22G1"},
    ],
}

SUBMIT_EXAMPLES = Body(
    openapi_examples={
        "containers_yor": {
            "summary": "as tpka: 2 containers, high YOR (P2 and manifest officer, R1)",
            "value": YOR_EXAMPLE,
        },
        "packages_lcl": {
            "summary": "as tpka: an LCL house B/L (manifest officer only, R2)",
            "value": _HEADER
            | {
                "ref_number": "TPKA261125000102",
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
        "stagnation": {
            "summary": "as tpka: stagnation, citing the head of office's letter (R1, R5)",
            "value": _HEADER
            | {
                "ref_number": "TPKA261125000104",
                "reason": "STAGNATION",
                "judgement_number": "S-0042/KPU.01/2026",
                "judgement_date": "2026-11-24",
                "containers": [{"number": "HLXU1002859", "size": "20", "iso_type": "22G1"}],
            },
        },
        "rejected_e3": {
            "summary": "as tpka: a container covered by a PIB, rejected naming E3",
            "value": _HEADER
            | {
                "ref_number": "TPKA261125000103",
                "reason": "NO_LCL_SPACE",
                "containers": [{"number": "OOLU1006187", "size": "20", "iso_type": "22G1"}],
            },
        },
    }
)


def _ex(summary: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"summary": summary, "value": value}


_RECOMMEND = {
    "approve": _ex("recommend approval", {"approve": True, "note": "documents and goods in order"}),
    "reject": _ex(
        "recommend rejection", {"approve": False, "note": "stated YOR not supported by the data"}
    ),
}
P = "/api/v1/plp-requests/{request_id}"
# (method, path) -> named examples of the JSON body; the first is the one Swagger UI fills in
BODY_EXAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", f"{P}/recommendations/manifest"): _RECOMMEND,
    ("post", f"{P}/recommendations/p2"): _RECOMMEND,
    ("post", f"{P}/decision"): {
        "approve": _ex("approve every line (takes the next PLP number)", {"approve": True}),
        "reject": _ex(
            "reject the request",
            {"approve": False, "reason": "YOR of the origin TPS below the threshold"},
        ),
        "approve_partly": _ex(
            "approve, refusing line 2 (FL_SETUJU T)",
            {"approve": True, "lines": [{"line_no": 2, "approved": False, "reason": "no space"}]},
        ),
    },
    ("post", f"{P}/origin-check"): {
        "match": _ex(
            "goods match: each container sealed, released (M2, S1)",
            {
                "matched": True,
                "seals": [
                    {"container": "CSQU1001743", "numbers": ["BC0007788"]},
                    {"container": "OOLU1002480", "numbers": ["BC0007789"]},
                ],
                "note": "sealed and released",
            },
        ),
        "escorted": _ex(
            "goods match: released under escort instead of seals",
            {"matched": True, "escorted": True, "escort": "P2 patrol unit 3", "note": "escorted"},
        ),
        "mismatch": _ex(
            "refuse release (back to the manifest officer)",
            {"matched": False, "note": "one container was not presented"},
        ),
    },
    ("post", f"{P}/origin-check/follow-up"): {
        "settled": _ex("settled, check again", {"note": "container presented; check again"}),
        "cut": _ex(
            "cut to the matching lines (a new decision response to the TPS)",
            {
                "outcome": "cut_to_matching",
                "line_nos": [1],
                "note": "line 2 was not presented",
            },
        ),
        "cancelled": _ex(
            "cancel the PLP", {"outcome": "cancelled", "note": "goods not at the origin TPS"}
        ),
    },
    ("post", f"{P}/destination-check"): {
        "match": _ex(
            "goods match, each container's seals as released and intact: opened, entry noted",
            {
                "matched": True,
                "seal_opened": True,
                "seals": [
                    {"container": "CSQU1001743", "numbers": ["BC0007788"], "intact": True},
                    {"container": "OOLU1002480", "numbers": ["BC0007789"], "intact": True},
                ],
                "note": "seals intact and opened",
            },
        ),
        "discrepancy": _ex(
            "discrepancy (to the P2 section)",
            {"matched": False, "seal_opened": True, "note": "seal number differs from release"},
        ),
    },
    ("post", f"{P}/investigation"): {
        "closed": _ex("no offence found", {"note": "seal replaced after inspection; no offence"}),
        "enforcement": _ex(
            "enforcement: the goods are held (HELD)",
            {
                "outcome": "enforcement",
                "document_number": "SBP-0012/KPU.01/2026",
                "document_date": "2026-11-26",
                "note": "seal tampered with; goods held for examination",
            },
        ),
    },
    ("post", f"{P}/cancellation"): {
        "whole": _ex("cancel every line", {"reason": "goods will be cleared at the origin TPS"}),
    },
    ("post", f"{P}/cancellations/{{number}}/decision"): {
        "approve": _ex("as kasubsi: approve the cancellation", {"approve": True}),
        "refuse": _ex(
            "as kasubsi: refuse it, with a reason",
            {"approve": False, "reason": "the goods are already at the origin gate"},
        ),
    },
    ("post", "/api/v1/outages"): {
        "now": _ex(
            "as kasubsi: the outage starts now",
            {"office_code": "040300", "cause": "SKP server does not answer"},
        ),
    },
}
GATE_OUT, GATE_IN = ("post", f"{P}/gate-out"), ("post", f"{P}/gate-in")


def live_examples(local_now: datetime) -> dict[tuple[str, str], dict[str, Any]]:
    """M3/M5: every approved line passed the gate at the next full minute after the document
    was fetched, gate-in a minute later still: after the approval and the gate-out, and within
    the few minutes a TPS clock may run ahead (M6). F2: a paper PLP received a minute before."""
    minute = local_now.replace(second=0, microsecond=0, tzinfo=None) + timedelta(minutes=1)
    gates = {
        op: {"now": _ex(f"every approved line, {at:%H:%M} office time", _gate(at))}
        for op, at in ((GATE_OUT, minute), (GATE_IN, minute + timedelta(minutes=1)))
    }
    return gates | {("post", "/api/v1/manual-plps"): _paper_plp(minute - timedelta(minutes=2))}


def _gate(at: datetime) -> dict[str, Any]:
    return {"at": at.isoformat(), "line_nos": []}


def _paper_plp(at: datetime) -> dict[str, Any]:
    """A paper request letter, alone or with the Kasubsi's paper approval (office time)."""
    paper = _HEADER | {
        "letter_number": "00201/PLP/TPKA/2026",
        "letter_date": at.date().isoformat(),
        "received_at": at.isoformat(),
        "applicant_tps": "TPKA",
        "reason": "NO_LCL_SPACE",
        "containers": [{"number": "TCLU1003595", "size": "20", "iso_type": "22G1"}],
    }
    for unknown in ("vessel_name", "call_sign", "voyage", "arrival_date"):
        paper.pop(unknown)
    decision = {
        "approved": True,
        "decided_at": at.isoformat(),
        "letter_number": "000101",  # F3: the PLP number it was approved under
        "letter_date": at.date().isoformat(),
    }
    return {
        "received": _ex("as manifest: a paper request (manual procedure only)", paper),
        "approved": _ex("as kasubsi: with its paper approval", paper | {"decision": decision}),
    }
