"""The H2H request bodies in DJBC's note's shapes (PermohonanPlpRequestV2, UploadBatalPlp,
coarri-codeco-container): camelCase fields, dates dd-MM-yyyy, times in WIB."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from plp_mock_tps.conformance.wire import GateReport, Goods, Response, Submission
from plp_mock_tps.documents import KD_ALASAN

WIB = ZoneInfo("Asia/Jakarta")


def dmy(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def permohonan(plp: Submission) -> dict[str, Any]:
    g = plp.goods
    header = {
        "kodeKantor": g.office, "tipeData": "1", "kodeTpsAsal": g.tps,
        "refNumber": plp.ref_number, "nomorSurat": g.letter,
        "tanggalSurat": dmy(plp.letter_date), "gudangAsal": g.gudang,
        "kodeTpsTujuan": g.destination_tps, "gudangTujuan": g.destination_gudang,
        "kodeAlasanPlp": KD_ALASAN.get(g.reason, "1"), "yorAsal": g.yor, "yorTujuan": 35,
        "callSign": g.call_sign, "namaAngkut": g.vessel, "noVoyFlight": g.voyage,
        "tanggalTiba": dmy(g.arrival_date), "nomorBc11": g.bc11_number,
        "tanggalBc11": dmy(g.bc11_date), "namaPemohon": g.applicant,
    }  # fmt: skip
    kontainer = [{"nomorKontainer": c.number, "ukuranKontainer": c.size} for c in g.containers]
    return {"header": header, "detil": [{"kontainer": kontainer, "kemasan": []}]}


def batal(goods: Goods, plp: Response, ref_number: str) -> dict[str, Any]:
    header = {
        "kodeKantor": goods.office, "tipeData": "1", "kodeTps": goods.tps,
        "refNumber": ref_number, "nomorSurat": f"BTL/{goods.letter}"[:30],
        "tanggalSurat": dmy(plp.plp_date), "nomorPlp": plp.plp_number,
        "tanggalPlp": dmy(plp.plp_date), "nomorBc11": goods.bc11_number,
        "tanggalBc11": dmy(goods.bc11_date), "namaPemohon": goods.applicant,
        "alasan": "SALAH INPUT GUDANG TUJUAN",
    }  # fmt: skip
    kontainer = [{"nomorKontainer": ln.container, "ukuranKontainer": ln.size} for ln in plp.lines]
    return {"header": header, "kontainer": kontainer, "kemasan": []}


def coarri(report: GateReport) -> dict[str, Any]:
    header = {
        "kodeDokumen": "5" if report.gate_in else "3",
        "kodeTps": report.tps,
        "kodeGudang": report.gudang,
        "refNumber": report.ref_number,
    }
    at = report.at.astimezone(WIB).strftime("%d-%m-%Y %H:%M:%S")
    move = {
        "kodeDokumenInOut": "3", "nomorDokumenInOut": report.plp.plp_number,
        "tanggalDokumenInOut": dmy(report.plp.plp_date), "waktuInOut": at,
        "flagKontainerKosong": False, "flagKontainer": True, "kodeKantor": report.office,
    }  # fmt: skip
    items = [
        {"nomorKontainer": ln.container, "ukuranKontainer": ln.size, "jenisKontainer": "F"}
        | move
        | _seals(report.seals.get(ln.container, ()))
        for ln in report.containers
    ]
    return {"header": header, "kontainer": items}


def _seals(numbers: tuple[str, ...]) -> dict[str, str]:
    return {"nomorSegelBc": ",".join(numbers)} if numbers else {}
