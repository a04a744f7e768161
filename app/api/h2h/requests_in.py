"""Request bodies in (note 6.1, 6.2, 6.9, 6.10): read against the contract tables, then turned
into the same commands the REST API and the SOAP adapter build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.api.h2h import codes, reader
from app.api.h2h.errors import bad_value
from app.domain.actor import Actor
from app.domain.commands import CancelByPlpNumber, Goods, SubmitPlp
from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.plp_parts import DataType, PlpHeader
from app.domain.reasons import ApplicantSide
from app.domain.seals import StatedSeal, split_numbers

_DESTINATION = ("kodeTpsTujuan", "gudangTujuan", "yorTujuan")  # flat, or in tpsTujuan


def unwrapped(body: Any) -> Any:
    """`{"loadPlp": {header, detil}}` read as `{header, detil}`; anything else as it is."""
    if isinstance(body, dict) and set(body) == {"loadPlp"} and isinstance(body["loadPlp"], dict):
        return body["loadPlp"]
    return body


def submission(body: Any, actor: Actor) -> SubmitPlp:
    """PermohonanPlpRequestV2: `{header, detil: [{kontainer: [], kemasan: []}]}`, bare or
    wrapped in `loadPlp` as the community collection sends it (note 5.2: real clients send
    both)."""
    v = reader.read(_with_destination(unwrapped(body)), "PermohonanPlpRequestV2")
    h = v["header"]
    origin, destination = h["kodeTpsAsal"].upper(), h["kodeTpsTujuan"].upper()
    own = actor.tps_code
    side = ApplicantSide.DESTINATION if own == destination != origin else ApplicantSide.ORIGIN
    header = PlpHeader(
        office_code=h["kodeKantor"],
        ref_number=h["refNumber"],
        letter_number=h["nomorSurat"] or "",
        letter_date=h["tanggalSurat"],
        origin_tps=origin,
        origin_gudang=h["gudangAsal"].upper(),
        destination_tps=destination,
        destination_gudang=h["gudangTujuan"].upper(),
        reason=codes.reason_for(h["kodeAlasanPlp"], side, "header.kodeAlasanPlp"),
        bc11_number=h["nomorBc11"],
        bc11_date=h["tanggalBc11"],
        applicant_name=h["namaPemohon"] or "",  # no rule needs it (issue 16.5)
        yor_origin=h["yorAsal"],
        yor_destination=h["yorTujuan"],
        vessel_name=h["namaAngkut"],
        call_sign=h["callSign"],
        voyage=h["noVoyFlight"],
        arrival_date=h["tanggalTiba"],
        reason_code=h["kodeAlasanPlp"],
        data_type=_data_type(h["tipeData"], "header.tipeData"),
    )
    groups = v["detil"]
    containers = tuple(
        ContainerSpec(k["nomorKontainer"].upper(), k["ukuranKontainer"])
        for g in groups
        for k in g["kontainer"]
    )
    packages = tuple(_package(k) for g in groups for k in g["kemasan"])
    if max(len(containers), len(packages)) > reader.MAX_ITEMS:  # as REST and SOAP allow
        raise bad_value("detil", f"detil: lebih dari {reader.MAX_ITEMS} kontainer atau kemasan")
    return SubmitPlp(actor, header, containers, packages)


def _with_destination(body: Any) -> Any:
    """SPEC does not say whether tpsTujuan replaces or repeats the flat fields: it fills what
    the flat ones leave out (before reading, so the Header's rules apply to it) and may not
    contradict them."""
    header = body.get("header") if isinstance(body, dict) else None
    nested = header.get("tpsTujuan") if isinstance(header, dict) else None
    if not isinstance(header, dict) or not isinstance(nested, dict):
        return body
    merged = dict(header)
    for name in _DESTINATION:
        flat, inner = header.get(name), nested.get(name)
        if _blank(flat):
            merged[name] = inner
        elif not _blank(inner) and str(flat).strip().upper() != str(inner).strip().upper():
            raise bad_value(f"header.{name}", f"header.{name} dan tpsTujuan.{name} berbeda")
    return {**body, "header": merged}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _data_type(value: str | None, field: str) -> DataType:
    if value in (None, DataType.NEW.value):
        return DataType.NEW
    if value == DataType.MANUAL.value:
        return DataType.MANUAL
    raise bad_value(field, f"{field} harus 1 (baru) atau 2 (manual)")


def _package(k: dict[str, Any]) -> PackageSpec:
    return PackageSpec(
        k["jenisKemasan"].upper(),
        _count(k["jumlahKemasan"], "jumlahKemasan"),
        k["nomorBlAwb"],
        k["tanggalBlAwb"],
    )


def _count(value: float | str | None, field: str) -> int:
    number = float(value) if isinstance(value, str) else value
    if number is None or number != int(number):
        raise bad_value(field, f"{field} harus bilangan bulat")
    return int(number)


@dataclass(frozen=True)
class Batal:
    """An UploadBatalPlp: the order, and the TPS and kantor its header claims."""

    order: CancelByPlpNumber
    tps_code: str
    office_code: str


def cancellation(body: Any, actor: Actor) -> Batal:
    """UploadBatalPlpRequestDto: `{header, kontainer: [], kemasan: []}`, lists at the top."""
    v = reader.read(body, "UploadBatalPlpRequestDto")
    h = v["header"]
    _data_type(h["tipeData"], "header.tipeData")
    goods = Goods(
        tuple(k["nomorKontainer"].upper() for k in v["kontainer"]),
        tuple((k["nomorBlAwb"], k["tanggalBlAwb"]) for k in v["kemasan"]),
    )
    order = CancelByPlpNumber(
        actor,
        h["nomorPlp"],
        h["tanggalPlp"],
        h["alasan"] or "",  # optional in SPEC
        h["refNumber"],
        h["nomorSurat"],
        h["tanggalSurat"],
        goods,
        h["kodeKantor"],
    )
    return Batal(order, h["kodeTps"].upper(), h["kodeKantor"])


@dataclass(frozen=True)
class GateItem:
    """One container or one house B/L of a coarri report; `at` is the office's local time."""

    kd_dok_inout: str
    document_number: str  # the PLP, SPPB or BC 1.1 number
    document_date: date
    at: datetime
    office_code: str | None
    goods: Goods
    seals: tuple[StatedSeal, ...] = ()  # S1: nomorSegelBc


@dataclass(frozen=True)
class GateReport:
    ref_number: str
    tps_code: str
    gudang_code: str
    kd_dok: str  # judged with each item's kodeDokumenInOut (domain/gate_report.py)
    items: tuple[GateItem, ...]
    bc11_number: str | None = None  # header noBc11 / tanggalBc11: the goods' BC 1.1
    bc11_date: date | None = None


def gate_report(body: Any, containers: bool) -> GateReport:
    """coarri-codeco-container `{header, kontainer: []}` or -kemasan `{header, detil: []}`."""
    schema = "CoarriCodecoKontainerRequest" if containers else "CoarriCodecoRequestDto"
    v = reader.read(body, schema)
    h = v["header"]
    listed = "kontainer" if containers else "detil"
    items = tuple(_gate_item(k, containers) for k in v[listed])
    return GateReport(
        h["refNumber"],
        h["kodeTps"].upper(),
        h["kodeGudang"].upper(),
        str(h["kodeDokumen"]),
        items,
        h.get("noBc11") or None,
        h.get("tanggalBc11") or None,
    )


def _gate_item(k: dict[str, Any], container: bool) -> GateItem:
    goods = (
        Goods((k["nomorKontainer"].upper(),), ())
        if container
        else Goods((), ((k["nomorBlAwb"], k["tanggalBlAwb"]),))
    )
    number, on = k["nomorDokumenInOut"], k["tanggalDokumenInOut"]
    return GateItem(
        str(k["kodeDokumenInOut"]),
        number,
        on,
        k["waktuInOut"],
        k["kodeKantor"],
        goods,
        _seals(k, goods),
    )


def _seals(k: dict[str, Any], goods: Goods) -> tuple[StatedSeal, ...]:
    numbers = split_numbers(k.get("nomorSegelBc"))
    if not numbers:
        return ()
    if goods.containers:
        return (StatedSeal(goods.containers[0], numbers),)
    return (StatedSeal((k.get("kontainerAsal") or "").upper(), numbers, packages=True),)
