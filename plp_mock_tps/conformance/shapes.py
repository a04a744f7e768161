"""The run's goods in the shapes the mock client's documents already take: a REST request body
(for REST and for LOADPLP) and a request view (for COCOCONT and BATALPLP), so SOAP documents
are built by plp_mock_tps.documents, as in scenario mode."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from plp_mock_tps.conformance.wire import GateReport, Goods, Response, Submission

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%Y%m%d", "%d/%m/%Y", "%m/%d/%Y", "%d%m%Y")


def request_body(plp: Submission) -> dict[str, Any]:
    g = plp.goods
    return {
        "office_code": g.office, "ref_number": plp.ref_number, "letter_number": g.letter,
        "letter_date": plp.letter_date.isoformat(), "origin_tps": g.tps,
        "origin_gudang": g.gudang, "destination_tps": g.destination_tps,
        "destination_gudang": g.destination_gudang, "reason": g.reason, "yor_origin": g.yor,
        "bc11_number": g.bc11_number, "bc11_date": g.bc11_date.isoformat(),
        "vessel_name": g.vessel, "voyage": g.voyage, "call_sign": g.call_sign,
        "arrival_date": g.arrival_date.isoformat() if g.arrival_date else None,
        "applicant_name": g.applicant,
        "containers": [{"number": c.number, "size": c.size} for c in g.containers],
    }  # fmt: skip


def request_view(goods: Goods, plp: Response, gate_in: bool = False) -> dict[str, Any]:
    """The parts of GET /plp-requests/{id} that documents.coarri and .batalplp read."""
    header = {
        "office_code": goods.office, "origin_tps": goods.tps, "origin_gudang": goods.gudang,
        "destination_tps": goods.destination_tps,
        "destination_gudang": goods.destination_gudang, "letter_number": goods.letter,
        "bc11_number": goods.bc11_number, "bc11_date": goods.bc11_date.isoformat(),
        "applicant_name": goods.applicant, "vessel_name": goods.vessel,
        "voyage": goods.voyage, "call_sign": goods.call_sign,
        "arrival_date": goods.arrival_date.isoformat() if goods.arrival_date else None,
    }  # fmt: skip
    day = (plp.plp_date or datetime.now(UTC).date()).isoformat()
    return {
        "header": header,
        "applicant_tps": goods.tps,
        "decision": {"plp_number": plp.plp_number, "plp_date": day},
        "lines": [
            {"container_number": ln.container, "size": ln.size, "approved": ln.approved}
            | {"cancelled": False}
            for ln in plp.lines
        ],
    }


def report_view(report: GateReport) -> dict[str, Any]:
    """A request view whose moving lines are exactly the report's containers."""
    g = Goods(
        office=report.office, tps=report.tps, gudang=report.gudang,
        destination_tps=report.tps, destination_gudang=report.gudang, bc11_number="",
        bc11_date=date.min, vessel="", voyage="", call_sign="", arrival_date=None,
        containers=(),
    )  # fmt: skip
    plp = Response("", report.plp.plp_number, report.plp.plp_date, report.containers)
    view = request_view(g, plp, report.gate_in)
    for line in view["lines"]:
        line["approved"] = True
    return view


def parse_date(value: str | None) -> date | None:
    """Dates as the services write them, mixed formats included (a DJBC quirk)."""
    text = (value or "").strip()
    text = text[:8] if text.isdigit() else text[:10].strip()  # yyyyMMddHHmmss too
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
    return None
