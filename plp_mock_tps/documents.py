"""The fStream documents a TPS sends (protocol note section 2) and the result strings it reads
back (section 3), built and parsed as real clients do: empty elements kept, YYYYMMDD dates,
WK_INOUT in the office's local time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from lxml import etree

WIB = ZoneInfo("Asia/Jakarta")
KD_ALASAN = {  # contracts/kd_alasan_plp.csv
    "YOR_SOR": "1",
    "NO_LCL_SPACE": "2",
    "SPECIAL_FACILITY": "3",
    "EXCISE_RIBBON": "4",
    "MASTER_CONSOLIDATION": "5",
    "FF_MASTER_AWB": "5",
    "STAGNATION": "6",
    "RUSH_HANDLING": "7",
    "POSTAL": "8",
}
RULE_OF_KD_RES = {  # contracts/kd_res.csv, for a GAGAL without ATURAN
    "040": "F2", "101": "E1", "102": "E2", "103": "E3", "104": "E4", "105": "E5", "106": "E6",
    "111": "A1", "112": "A2", "121": "R1", "122": "R2", "123": "R3", "131": "M1", "132": "M2",
    "133": "M3", "134": "M4", "135": "M5", "136": "M6", "141": "L1", "151": "H1",
    "161": "T1",
}  # fmt: skip
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_GATE_REFUSED = re.compile(r"KD_RES (\d+)(?: ([A-Z]\d))?")


def ymd(value: str | date | None) -> str:
    if not value:
        return ""
    return (value if isinstance(value, date) else date.fromisoformat(value)).strftime("%Y%m%d")


def wk_inout(at: datetime) -> str:
    return at.astimezone(WIB).strftime("%Y%m%d%H%M%S")


def _el(name: str, value: Any) -> str:
    text = "" if value is None else escape(str(value))
    return f"<{name}>{text}</{name}>" if text else f"<{name}/>"


def _number(value: Any) -> str:
    return "" if value is None else f"{float(value):g}"


def loadplp(body: dict[str, Any]) -> str:
    """A LOADPLP from a REST-shaped request body (the scenario's `request`)."""
    head = [
        ("KD_KANTOR", body["office_code"]), ("TIPE_DATA", "1"),
        ("KD_TPS_ASAL", body["origin_tps"]), ("REF_NUMBER", body["ref_number"]),
        ("NO_SURAT", body["letter_number"]), ("TGL_SURAT", ymd(body["letter_date"])),
        ("GUDANG_ASAL", body["origin_gudang"]), ("KD_TPS_TUJUAN", body["destination_tps"]),
        ("GUDANG_TUJUAN", body["destination_gudang"]),
        ("KD_ALASAN_PLP", KD_ALASAN.get(body["reason"], body["reason"])),
        ("YOR_ASAL", _number(body.get("yor_origin"))),
        ("YOR_TUJUAN", _number(body.get("yor_destination"))),
        ("CALL_SIGN", body.get("call_sign")), ("NM_ANGKUT", body.get("vessel_name")),
        ("NO_VOY_FLIGHT", body.get("voyage")), ("TGL_TIBA", ymd(body.get("arrival_date"))),
        ("NO_BC11", body["bc11_number"]), ("TGL_BC11", ymd(body["bc11_date"])),
        ("NM_PEMOHON", body["applicant_name"]),
    ]  # fmt: skip
    detil = "".join(
        f"<CONT>{_el('NO_CONT', c['number'])}{_el('UK_CONT', c['size'])}</CONT>"
        for c in body.get("containers", [])
    ) + "".join(
        f"<KMS>{_el('JNS_KMS', p['type'])}{_el('JML_KMS', p['count'])}"
        f"{_el('NO_BL_AWB', p['bl_number'])}{_el('TGL_BL_AWB', ymd(p['bl_date']))}</KMS>"
        for p in body.get("packages", [])
    )
    header = "".join(_el(k, v) for k, v in head)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><DOCUMENT xmlns="loadplp.xsd"><LOADPLP>'
        f"<HEADER>{header}</HEADER><DETIL>{detil}</DETIL></LOADPLP></DOCUMENT>"
    )


def batalplp(request: dict[str, Any], ref_number: str, reason: str) -> str:
    """A BATALPLP of every line of an approved request, with its own new REF_NUMBER."""
    h, d = request["header"], request["decision"]
    head = [
        ("KD_KANTOR", h["office_code"]), ("TIPE_DATA", "1"), ("KD_TPS", request["applicant_tps"]),
        ("REF_NUMBER", ref_number), ("NO_SURAT", f"BTL/{h['letter_number']}"[:30]),
        ("TGL_SURAT", ymd(d["plp_date"])), ("NO_PLP", d["plp_number"]),
        ("TGL_PLP", ymd(d["plp_date"])), ("ALASAN", reason), ("NO_BC11", h["bc11_number"]),
        ("TGL_BC11", ymd(h["bc11_date"])), ("NM_PEMOHON", h["applicant_name"]),
    ]  # fmt: skip
    return (
        '<?xml version="1.0" encoding="UTF-8"?><DOCUMENT xmlns="loadbatalplp.xsd"><BATALPLP>'
        f"<HEADER>{''.join(_el(k, v) for k, v in head)}</HEADER><DETIL/></BATALPLP></DOCUMENT>"
    )


def coarri(
    request: dict[str, Any],
    gate_in: bool,
    ref_number: str,
    at: datetime,
    seals: dict[str, list[str]] | None = None,
    carrier_seal: str = "SL1",
) -> tuple[str, bool]:
    """COCOCONT (containers) or COCOKMS (packages) of the moving lines; (document, kemasan).
    `seals`: the customs seal numbers (NO_SEGEL_BC) stated per container (S1);
    `carrier_seal`: the shipping line's (NO_SEGEL), empty when the TPS does not know it."""
    seals = seals or {}
    h, d = request["header"], request["decision"]
    tps = h["destination_tps"] if gate_in else h["origin_tps"]
    gudang = h["destination_gudang"] if gate_in else h["origin_gudang"]
    move = (
        f"<KD_DOK_INOUT>3</KD_DOK_INOUT>{_el('NO_DOK_INOUT', d['plp_number'])}"
        f"{_el('TGL_DOK_INOUT', ymd(d['plp_date']))}{_el('WK_INOUT', wk_inout(at))}"
        "<KD_SAR_ANGKUT_INOUT>1</KD_SAR_ANGKUT_INOUT><NO_POL>B9123XYZ</NO_POL>"
    )
    lines = [ln for ln in request["lines"] if ln["approved"] and not ln["cancelled"]]
    kemasan = not any(ln["container_number"] for ln in lines)
    items = "".join(
        f"<KMS>{_el('NO_BL_AWB', ln['bl_number'])}{_el('TGL_BL_AWB', ymd(ln['bl_date']))}"
        f"<CONT_ASAL/><SERI_KEMAS>{i}</SERI_KEMAS>{_el('KD_KEMAS', ln['package_type'])}"
        f"{_el('JML_KEMAS', ln['package_count'])}{move}</KMS>"
        if kemasan
        else f"<CONT>{_el('NO_CONT', ln['container_number'])}{_el('UK_CONT', ln['size'])}"
        f"{_el('NO_SEGEL', carrier_seal)}<JNS_CONT>F</JNS_CONT><NO_BL_AWB/><TGL_BL_AWB/>"
        f"<KD_TIMBUN>LAP</KD_TIMBUN>{move}<FL_CONT_KOSONG>2</FL_CONT_KOSONG>"
        f"{_el('KODE_KANTOR', h['office_code'])}"
        f"{_el('NO_SEGEL_BC', ','.join(seals.get(ln['container_number'], [])))}</CONT>"
        for i, ln in enumerate(lines, 1)
    )
    root = "COCOKMS" if kemasan else "COCOCONT"
    header = (
        f"<HEADER><KD_DOK>{5 if gate_in else 3}</KD_DOK>{_el('KD_TPS', tps)}"
        f"{_el('NM_ANGKUT', h.get('vessel_name'))}{_el('NO_VOY_FLIGHT', h.get('voyage'))}"
        f"{_el('CALL_SIGN', h.get('call_sign'))}{_el('TGL_TIBA', ymd(h.get('arrival_date')))}"
        f"{_el('KD_GUDANG', gudang)}{_el('REF_NUMBER', ref_number)}</HEADER>"
    )
    xmlns = "cocokms.xsd" if kemasan else "cococont.xsd"
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?><DOCUMENT xmlns="{xmlns}"><{root}>{header}'
        f"<DETIL>{items}</DETIL></{root}></DOCUMENT>"
    )
    return doc, kemasan


@dataclass
class SoapResult:
    """A result string read as clients read it."""

    accepted: bool
    rules: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    text: str = ""


def upload_result(text: str) -> SoapResult:
    """`Proses Berhasil <REF>`, or a GAGAL with KD_RES (and our ATURAN per reason)."""
    if text.startswith("Proses Berhasil"):
        return SoapResult(True, text=text)
    root = _xml(text)
    if root is None:
        return SoapResult(False, text=text)
    codes = [c for kd in root.iter("KD_RES") for c in (kd.text or "").split(",") if c]
    rules = [r.text for r in root.iter("ATURAN") if r.text]
    rules = rules or [RULE_OF_KD_RES[c] for c in codes if c in RULE_OF_KD_RES]
    return SoapResult(False, list(dict.fromkeys(rules)), codes, text)


def gate_result(text: str) -> SoapResult:
    """`Proses Berhasil REF <REF>` per block, or `Gagal Insert REF .. KD_RES nnn RULE: ..`."""
    if all(part.strip().startswith("Proses Berhasil") for part in text.split(";") if part.strip()):
        return SoapResult(bool(text.strip()), text=text)
    found = _GATE_REFUSED.findall(text)
    rules = [rule or RULE_OF_KD_RES.get(code, "") for code, rule in found]
    return SoapResult(False, [r for r in rules if r], [c for c, _ in found], text)


def responplp(text: str) -> dict[str, Any] | None:
    """The first RESPONPLP of an on-demand answer; None for `Data tidak ditemukan`."""
    root = _xml(text)
    respon = None if root is None else next(root.iter("RESPONPLP"), None)
    if respon is None:
        return None
    header = respon.find("HEADER")
    head = {el.tag: el.text or "" for el in (header if header is not None else [])}
    lines = [{el.tag: el.text or "" for el in item} for item in respon.iter("CONT", "KMS")]
    return {
        "header": head,
        "lines": lines,
        "approved": any(ln.get("FL_SETUJU") == "Y" for ln in lines),
    }


def _xml(text: str) -> Any:
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    try:
        return etree.fromstring(body.encode(), _PARSER)
    except etree.XMLSyntaxError:
        return None
