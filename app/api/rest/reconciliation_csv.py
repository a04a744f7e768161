"""L2: the reconciliation report as CSV, one row per paper PLP, for spreadsheets."""

from __future__ import annotations

import csv
import io

from app.api.rest.schemas.manual_io import ReconciliationOut
from app.api.rest.times import default_zone, moved

COLUMNS = [
    "reconciliation_id",
    "office_code",
    "status",
    "manual_plp_id",
    "letter_number",
    "letter_date",
    "received_at",
    "applicant_tps",
    "origin_tps",
    "destination_tps",
    "reason",
    "containers",
    "packages",
    "paper_decision",
    "paper_decision_letter",
    "request_id",
    "request_status",
    "plp_number",
    "plp_date",
    "matched",
    "mismatches",
]


def render(report: ReconciliationOut) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for item in report.items:
        m, d = item.manual_plp, item.manual_plp.decision
        verdict = "" if d is None else ("approved" if d.approved else "rejected")
        row = [
            report.id,
            report.office_code,
            report.status,
            m.id,
            m.letter_number,
            m.letter_date.isoformat(),
            moved(m.received_at, default_zone()).isoformat(),  # as the JSON answer gives it
            m.applicant_tps,
            m.origin_tps,
            m.destination_tps,
            m.reason,
            " ".join(m.containers),
            " ".join(m.packages),
            verdict,
            d.letter_number if d else "",
            m.request_id or "",
            item.request_status or "",
            item.plp_number or "",
            item.plp_date.isoformat() if item.plp_date else "",
            "yes" if item.matched else "no",
            "; ".join(item.mismatches),
        ]
        writer.writerow([_safe(str(v)) for v in row])
    return out.getvalue()


def _safe(cell: str) -> str:
    # Officers type letter numbers; a leading = + - @ would run as a formula in a spreadsheet.
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell
