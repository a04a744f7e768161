"""Response documents out (note 6.3-6.6): each item has exactly the members of its schema in
contracts/h2h/responses.csv, in that order, typed as the table says (flagSetuju a string in
some, a boolean in others; jumlahKemasan a number, an integer or a string)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from app.api.h2h import contract
from app.domain.lines import PlpLine
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest

Flag = Callable[[PlpLine], str]  # "Y" or "T", as FL_SETUJU


def numeric_id(request: PlpRequest) -> int:
    """The int64 ids of the note (idTdTpsPlp, idTpsPlp, sequenceTemp): ours are strings, so a
    stable number derived from the request id stands for them, within 2^53 - 1 so JavaScript
    clients (newman, Node) read it exactly."""
    return int.from_bytes(hashlib.sha256(request.id.encode()).digest()[:7], "big") >> 3


def rejection_reason(r: PlpRequest) -> str | None:
    """alasanReject: the failed rules, else the Kasubsi's reason, else each refused line's."""
    if r.findings:
        return "; ".join(f"{f.rule}: {f.detail}" for f in r.findings)
    if r.decision and not r.decision.approved:
        return r.decision.reason or None
    refused = [
        f"{ln.label} {ln.reject_reason or ''}".strip() for ln in r.lines if ln.approved is False
    ]
    return "; ".join(refused) or None


def _decision(r: PlpRequest, name: str) -> object:
    return getattr(r.decision, name) if r.decision else None


HEADER: dict[str, Callable[[PlpRequest], object]] = {
    "idTdTpsPlp": numeric_id,
    "idTpsPlp": numeric_id,
    "sequenceTemp": numeric_id,
    "kodeKantor": lambda r: r.header.office_code,
    "kodeTps": lambda r: r.applicant_tps,
    "kodeTpsAsal": lambda r: r.header.origin_tps,
    "kodeTpsTujuan": lambda r: r.header.destination_tps,
    "refNumber": lambda r: r.header.ref_number,
    "refNumberPlp": lambda r: r.header.ref_number,
    "gudangAsal": lambda r: r.header.origin_gudang,
    "kodeGudangAsal": lambda r: r.header.origin_gudang,
    "gudangTujuan": lambda r: r.header.destination_gudang,
    "kodeGudangTujuan": lambda r: r.header.destination_gudang,
    "nomorPlp": lambda r: _decision(r, "plp_number"),
    "tanggalPlp": lambda r: _decision(r, "plp_date"),
    "alasanReject": rejection_reason,
    "callSign": lambda r: r.header.call_sign,
    "namaAngkut": lambda r: r.header.vessel_name,
    "nomorVoyFlight": lambda r: r.header.voyage,
    "tanggalTiba": lambda r: r.header.arrival_date,
    "nomorBc11": lambda r: r.header.bc11_number,
    "tanggalBc11": lambda r: r.header.bc11_date,
    "nomorSurat": lambda r: r.header.letter_number,
    "tanggalSurat": lambda r: r.header.letter_date,
    "userKirim": lambda r: None,  # the submitting account, given by the caller (on demand)
    "jenisTransaksi": lambda r: r.channel.value.upper(),  # ours: how the request arrived
}


def _manifest(line: PlpLine, name: str) -> object:
    return getattr(line.manifest, name) if line.manifest else None


def _package(line: PlpLine, name: str) -> object:
    return getattr(line.package, name) if line.package else None


def _container(line: PlpLine, name: str) -> object:
    return getattr(line.container, name) if line.container else None


LINE: dict[str, Callable[[PlpLine], object]] = {
    "nomorKontainer": lambda ln: _container(ln, "number"),
    "ukuranKontainer": lambda ln: _container(ln, "size"),
    "jenisKontainer": lambda ln: _manifest(ln, "fcl_lcl"),  # F or L, as JNS_CONT
    # values undocumented (note 8.5, max 1 char): the BC 1.1's F or L for the container
    "jenisMuat": lambda ln: _manifest(ln, "fcl_lcl"),
    "nomorPosBc11": lambda ln: _manifest(ln, "pos_number"),
    "consignee": lambda ln: _manifest(ln, "consignee"),
    "namaPemilik": lambda ln: _manifest(ln, "consignee"),
    "nomorHostBl": lambda ln: _manifest(ln, "bl_number"),
    "tanggalHostBl": lambda ln: _manifest(ln, "bl_date"),
    "nomorBlAwb": lambda ln: _package(ln, "bl_number") or _manifest(ln, "bl_number"),
    "tanggalBlAwb": lambda ln: _package(ln, "bl_date") or _manifest(ln, "bl_date"),
    "jenisKemasan": lambda ln: _package(ln, "package_type"),
    "jumlahKemasan": lambda ln: _package(ln, "count"),
}
IDS = ("idTdTpsPlp", "idTpsPlp", "sequenceTemp")


def decided(line: PlpLine) -> str:
    return "Y" if line.approved else "T"


def cancellation_item(schema: str, r: PlpRequest, c: Cancellation) -> dict[str, Any]:
    """L1: the Kasubsi's decision on one cancellation: the lines it named, each flagged Y
    (approved) or T (refused), and why a refusal."""
    named = set(c.line_nos)
    lines = (
        [ln for ln in r.lines if ln.line_no in named]
        if named
        else [
            ln
            for ln in r.lines
            if ln.cancelled  # stored before L1's decision: the cancelled ones
        ]
    )
    extra: dict[str, object] = {
        "referensiNomor": c.ref_number,
        "nomorBatalPlp": c.number,
        "tanggalBatalPlp": c.date,
        "alasanBatal": c.reason,
        "alasanReject": None if c.approved else c.decision_reason,
    }
    flag = "Y" if c.approved else "T"
    return item(schema, r, lines, lambda _: flag, extra)


def item(
    schema: str,
    r: PlpRequest,
    lines: Iterable[PlpLine],
    flag: Flag,
    extra: dict[str, object] | None = None,
) -> dict[str, Any]:
    """`header` plus the `kontainer` and `kemasan` lists of `schema` (e.g. "ResponPlp")."""
    picked = list(lines)
    given = extra or {}
    head = {
        f.name: _typed(f, given[f.name] if f.name in given else HEADER[f.name](r))
        for f in _of(schema, "header")
    }

    def rows(kind: str, of_kind: list[PlpLine]) -> list[dict[str, Any]]:
        return [
            {f.name: _typed(f, _line_value(f.name, r, ln, flag)) for f in _of(schema, kind)}
            for ln in of_kind
        ]

    conts = rows("kontainer", [ln for ln in picked if ln.container is not None])
    kms = rows("kemasan", [ln for ln in picked if ln.container is None])
    return {"header": head, "kontainer": conts, "kemasan": kms}


def nested(found: dict[str, Any]) -> dict[str, Any]:
    """The on-demand and cancellation shape: the lists under a `detil` object."""
    return {
        "header": found["header"],
        "detil": {"kontainer": found["kontainer"], "kemasan": found["kemasan"]},
    }


def _of(schema: str, part: str) -> tuple[contract.ResponseField, ...]:
    return contract.response_fields(f"{schema}.{part}")


def _line_value(name: str, r: PlpRequest, line: PlpLine, flag: Flag) -> object:
    if name in IDS:
        return numeric_id(r)
    if name == "flagSetuju":
        return flag(line)
    return LINE[name](line)


def _typed(f: contract.ResponseField, value: object) -> Any:
    if value is None:
        return None
    if f.type == "boolean":
        return value == "Y" if isinstance(value, str) else bool(value)
    if f.type in ("integer", "number"):
        return int(value) if f.type == "integer" else value  # type: ignore[call-overload]
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")  # dd-MM-yyyy, as the request dates (README)
    return str(value)
