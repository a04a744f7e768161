"""fStream documents in (protocol note section 2): LOADPLP, BATALPLP, COCOCONT and COCOKMS read
into the domain's commands. Only the elements we need are read; names come from the note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from lxml import etree

from app.api.soap import codes
from app.api.soap.errors import MalformedDocumentError
from app.api.soap.fields import Fields, child, children
from app.api.soap.xml_safety import local_name
from app.domain.actor import Actor
from app.domain.commands import Goods, SubmitPlp
from app.domain.errors import PlpError
from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.plp_parts import DataType, PlpHeader
from app.domain.reasons import ApplicantSide
from app.domain.seals import StatedSeal, split_numbers

MAX_LINES = 1000  # per kind and request, as the REST API allows
T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """One block of a DOCUMENT: its REF_NUMBER and its command, or why there is none."""

    ref_number: str
    value: T | None = None
    error: PlpError | None = None


@dataclass(frozen=True)
class Cancellation:
    """A BATALPLP: the cancelled PLP and the new reference of the cancellation."""

    office_code: str
    plp_number: str
    plp_date: date
    reason: str
    letter_number: str | None
    letter_date: date | None
    goods: Goods


@dataclass(frozen=True)
class GateItem:
    """One CONT or KMS of a COCOCONT/COCOKMS block."""

    kd_dok_inout: str
    plp_number: str
    plp_date: date
    at: datetime  # WK_INOUT, the office's local time
    office_code: str | None
    goods: Goods
    seals: tuple[StatedSeal, ...] = ()  # S1: NO_SEGEL_BC; the numbers are compared, not dates
    bc11_number: str | None = None  # NO_BC11, TGL_BC11: the goods' BC 1.1 (E7 stock)
    bc11_date: date | None = None


def blocks(root: etree._Element, name: str) -> list[etree._Element]:
    if local_name(root.tag).upper() != "DOCUMENT":
        raise MalformedDocumentError(f"the fStream root is {local_name(root.tag)}, not DOCUMENT")
    found = children(root, name)
    if not found:
        raise MalformedDocumentError(f"the DOCUMENT holds no {name}")
    return found


def read_blocks(
    elements: list[etree._Element], read: Callable[[etree._Element], T]
) -> list[Parsed[T]]:
    """Each block on its own: one bad block does not stop the others."""
    out: list[Parsed[T]] = []
    for element in elements:
        ref = Fields(child(element, "HEADER"), "HEADER").opt("REF_NUMBER", 50) or ""
        try:
            out.append(Parsed(ref, read(element)))
        except PlpError as exc:
            out.append(Parsed(ref, error=exc))
    return out


def submission(block: etree._Element, actor: Actor) -> SubmitPlp:
    """LOADPLP: a request; KD_ALASAN_PLP means what contracts/ says for the sender's side."""
    f = Fields(child(block, "HEADER"), "LOADPLP/HEADER")
    origin, destination = f.code("KD_TPS_ASAL"), f.code("KD_TPS_TUJUAN")
    sender = actor.tps_code
    side = ApplicantSide.DESTINATION if sender == destination != origin else ApplicantSide.ORIGIN
    reason_code = f.req("KD_ALASAN_PLP", 4)
    header = PlpHeader(
        office_code=f.digits6("KD_KANTOR"),
        ref_number=f.req("REF_NUMBER", 50),
        letter_number=f.req("NO_SURAT", 40),
        letter_date=f.day("TGL_SURAT"),
        origin_tps=origin,
        origin_gudang=f.code("GUDANG_ASAL"),
        destination_tps=destination,
        destination_gudang=f.code("GUDANG_TUJUAN"),
        reason=codes.reason_for(reason_code, side),
        bc11_number=f.digits6("NO_BC11"),
        bc11_date=f.day("TGL_BC11"),
        applicant_name=f.req("NM_PEMOHON", 60),
        yor_origin=f.number("YOR_ASAL"),
        yor_destination=f.number("YOR_TUJUAN"),
        vessel_name=f.opt("NM_ANGKUT", 60),
        call_sign=f.opt("CALL_SIGN", 20),
        voyage=f.opt("NO_VOY_FLIGHT", 20),
        arrival_date=f.opt_day("TGL_TIBA"),
        reason_code=reason_code,
        data_type=DataType.MANUAL if f.opt("TIPE_DATA", 1) == "2" else DataType.NEW,
    )
    detil = child(block, "DETIL")
    containers = tuple(_container(c) for c in _lines(detil, "CONT"))
    packages = tuple(_package(k) for k in _lines(detil, "KMS"))
    return SubmitPlp(actor, header, containers, packages)


def cancellation(block: etree._Element) -> Cancellation:
    f = Fields(child(block, "HEADER"), "BATALPLP/HEADER")
    f.req("REF_NUMBER", 50)
    detil = child(block, "DETIL")
    return Cancellation(
        office_code=f.digits6("KD_KANTOR"),
        plp_number=f.req("NO_PLP", 6),
        plp_date=f.day("TGL_PLP"),
        reason=f.req("ALASAN", 200),
        letter_number=f.opt("NO_SURAT", 40),
        letter_date=f.opt_day("TGL_SURAT"),
        goods=_goods(_lines(detil, "CONT"), _lines(detil, "KMS")),
    )


def gate_items(block: etree._Element, kind: str) -> list[GateItem]:
    """COCOCONT (kind CONT) or COCOKMS (kind KMS); KMS also directly under the block, as
    EDII's parser reads it."""
    detil = child(block, "DETIL")
    elements = _lines(detil, kind) or _lines(block, kind)
    if not elements:
        raise MalformedDocumentError(f"the block holds no {kind}")
    return [_gate_item(e, kind) for e in elements]


def _gate_item(element: etree._Element, kind: str) -> GateItem:
    f = Fields(element, kind)
    goods = _goods([element], []) if kind == "CONT" else _goods([], [element])
    return GateItem(
        kd_dok_inout=f.req("KD_DOK_INOUT", 2),
        plp_number=f.req("NO_DOK_INOUT", 30),
        plp_date=f.day("TGL_DOK_INOUT"),
        at=f.moment("WK_INOUT"),
        office_code=f.opt("KODE_KANTOR", 6),
        goods=goods,
        seals=_seal(f, kind, goods),
        bc11_number=f.opt("NO_BC11", 30),  # judged where it is used: PLP reports ignore it
        bc11_date=_lenient_day(f, "TGL_BC11"),
    )


def _seal(f: Fields, kind: str, goods: Goods) -> tuple[StatedSeal, ...]:
    """NO_SEGEL_BC of a CONT, or of a KMS with the container it came in (CONT_ASAL)."""
    numbers = split_numbers(f.opt("NO_SEGEL_BC", 100))
    if not numbers:
        return ()
    if kind == "CONT":
        return (StatedSeal(goods.containers[0], numbers),)
    return (StatedSeal((f.opt("CONT_ASAL", 100) or "").upper(), numbers, packages=True),)


def _lenient_day(f: Fields, name: str) -> date | None:
    try:
        return f.opt_day(name)
    except PlpError:
        return None  # a report that needs it says so (NO_BC11 and TGL_BC11 are required)


def _lines(parent: etree._Element | None, name: str) -> list[etree._Element]:
    found = children(parent, name) if parent is not None else []
    if len(found) > MAX_LINES:
        raise MalformedDocumentError(f"more than {MAX_LINES} {name} in one block")
    return found


def _container(element: etree._Element) -> ContainerSpec:
    f = Fields(element, "CONT")
    return ContainerSpec(f.req("NO_CONT", 11).upper(), f.req("UK_CONT", 2))


def _package(element: etree._Element) -> PackageSpec:
    f = Fields(element, "KMS")
    return PackageSpec(
        f.req("JNS_KMS", 3).upper(),
        f.count("JML_KMS"),
        f.req("NO_BL_AWB", 30),
        f.day("TGL_BL_AWB"),
    )


def _goods(conts: list[etree._Element], kms: list[etree._Element]) -> Goods:
    containers = tuple(Fields(c, "CONT").req("NO_CONT", 11).upper() for c in conts)
    packages = tuple(
        (Fields(k, "KMS").req("NO_BL_AWB", 30), Fields(k, "KMS").opt_day("TGL_BL_AWB")) for k in kms
    )
    return Goods(containers, packages)
