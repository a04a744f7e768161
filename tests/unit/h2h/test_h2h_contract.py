"""Contract tests generated from contracts/h2h/fields.csv (the note's tables): every field of
every request body and query, read under its name, its length, date format, type and
required-ness, for accepted and refused values; plus the table checked against the note."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from app.api.h2h import contract, reader
from app.api.h2h.contract import FieldSpec
from app.api.h2h.errors import H2hInputError

ROOTS = [
    "PermohonanPlpRequestV2",
    "UploadBatalPlpRequestDto",
    "CoarriCodecoKontainerRequest",
    "CoarriCodecoRequestDto",
    *(s for s in contract.request_schemas() if s.startswith("query:")),
]
DATE_WORDS = "Invalid date format. Expected dd-MM-yyyy."
MOMENT_WORDS = "Invalid date format. Expected dd-MM-yyyy HH:mm:ss."
Path = tuple[str | int, ...]


def sample(spec: FieldSpec) -> Any:
    if spec.type == "object":
        return valid(spec.ref)
    if spec.type == "array":
        return [valid(spec.ref)]
    if spec.format == "date":
        return "25-11-2026"
    if spec.format == "datetime":
        return "25-11-2026 10:15:00"
    return {"number": 7, "boolean": True}.get(spec.type, "A")


def valid(schema: str) -> dict[str, Any]:
    return {f.name: sample(f) for f in contract.fields(schema)}


def walk(schema: str, path: Path = ()) -> Iterator[tuple[Path, FieldSpec]]:
    for spec in contract.fields(schema):
        here = (*path, spec.name)
        yield here, spec
        if spec.type == "object":
            yield from walk(spec.ref, here)
        elif spec.type == "array":
            yield from walk(spec.ref, (*here, 0))


CASES = [(root, path, spec) for root in ROOTS for path, spec in walk(root)]


def ids(case: tuple[str, Path, FieldSpec]) -> str:
    return f"{case[0]}:{dotted(case[1])}"


def dotted(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def body_with(root: str, path: Path, value: Any, delete: bool = False) -> dict[str, Any]:
    body = copy.deepcopy(valid(root))
    parent: Any = body
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return body


def read_at(root: str, body: dict[str, Any], path: Path) -> Any:
    found: Any = reader.read(body, root)
    for step in path:
        found = found[step]
    return found


def problems(root: str, body: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(H2hInputError) as caught:
        reader.read(body, root)
    return [(p.field, p.message) for p in caught.value.problems]


def test_a_body_of_every_field_is_read_without_a_problem() -> None:
    for root in ROOTS:
        assert reader.read(valid(root), root)


def select(kind: str) -> list[tuple[str, Path, FieldSpec]]:
    scalar = [c for c in CASES if c[2].type not in ("object", "array")]
    return {
        "limited": [c for c in scalar if c[2].limit is not None],
        "dated": [c for c in scalar if c[2].format == "date"],
        "timed": [c for c in scalar if c[2].format == "datetime"],
        "required": [c for c in CASES if c[2].required],
        "aliased": [c for c in CASES if c[2].aliases],
        "all": CASES,
    }[kind]


@pytest.mark.parametrize("case", select("all"), ids=ids)
def test_each_field_is_read_under_its_name_with_its_type(case: tuple[str, Path, FieldSpec]) -> None:
    root, path, spec = case
    wrong = {"string": {"x": 1}, "number": "seven", "boolean": "ya", "object": "x", "array": 7}
    word = {"string": "teks", "number": "angka", "boolean": "boolean", "object": "objek"}
    value = sample(spec)

    read = read_at(root, body_with(root, path, value), path)
    refused = problems(root, body_with(root, path, wrong[spec.type]))

    if spec.format == "date":
        assert read == date(2026, 11, 25)
    elif spec.format == "datetime":
        assert read == datetime(2026, 11, 25, 10, 15)
    elif spec.type not in ("object", "array"):
        assert read == value
    name = dotted(path)
    message = f"{name} harus berupa {word.get(spec.type, 'array')}"
    assert refused[0] == (name, message)


@pytest.mark.parametrize("case", select("limited"), ids=ids)
def test_a_string_at_its_limit_is_accepted_and_one_more_is_refused(
    case: tuple[str, Path, FieldSpec],
) -> None:
    root, path, spec = case
    assert spec.limit is not None

    at_limit = read_at(root, body_with(root, path, "9" * spec.limit), path)
    over = problems(root, body_with(root, path, "9" * (spec.limit + 1)))

    assert at_limit == "9" * spec.limit
    assert over == [(dotted(path), f"Panjang karakter maksimal {spec.limit} karakter")]


@pytest.mark.parametrize("case", select("dated"), ids=ids)
@pytest.mark.parametrize("text", ["2026-11-25", "25/11/2026", "31-02-2026", "1-1-2026", "25112026"])
def test_a_date_not_in_dd_mm_yyyy_is_refused(case: tuple[str, Path, FieldSpec], text: str) -> None:
    root, path, _ = case
    assert problems(root, body_with(root, path, text)) == [(dotted(path), DATE_WORDS)]


@pytest.mark.parametrize("case", select("timed"), ids=ids)
def test_waktu_in_out_takes_one_or_two_spaces_or_a_t_and_nothing_else(
    case: tuple[str, Path, FieldSpec],
) -> None:
    root, path, _ = case
    at = datetime(2026, 11, 25, 10, 15)
    for text in (
        "25-11-2026 10:15:00",
        "25-11-2026  10:15:00",
        "25-11-2026T10:15:00",
        "25-11-2026 10:15",
    ):
        assert read_at(root, body_with(root, path, text), path) == at
    for text in ("2026-11-25 10:15:00", "25-11-2026", "25-11-2026 25:00:00", "20261125101500"):
        assert problems(root, body_with(root, path, text)) == [(dotted(path), MOMENT_WORDS)]


@pytest.mark.parametrize("case", select("required"), ids=ids)
def test_a_required_field_left_out_or_empty_is_refused_naming_its_rule(
    case: tuple[str, Path, FieldSpec],
) -> None:
    root, path, spec = case
    needed_by = f": wajib diisi untuk aturan {spec.rule}" if spec.rule else ""
    expected = [(dotted(path), f"{dotted(path)} tidak boleh kosong{needed_by}")]
    assert problems(root, body_with(root, path, None, delete=True)) == expected
    assert problems(root, body_with(root, path, "  ")) == expected


@pytest.mark.parametrize("case", select("aliased"), ids=ids)
def test_a_field_is_read_under_its_other_spelling_too(case: tuple[str, Path, FieldSpec]) -> None:
    root, path, spec = case
    for alias in spec.aliases:
        body = body_with(root, path, None, delete=True)
        parent: Any = body
        for step in path[:-1]:
            parent = parent[step]
        parent[alias] = "025S"
        assert read_at(root, body, path) == "025S"


def test_scalars_are_coerced_as_jackson_does_and_unknown_members_ignored() -> None:
    body = valid("PermohonanPlpRequestV2")
    body["header"] |= {"nomorBc11": 1234, "yorAsal": "72.5", "somethingNew": {"x": 1}}
    body["detil"][0]["kemasan"][0]["jumlahKemasan"] = "10"
    kontainer = valid("CoarriCodecoKontainer") | {"flagKontainerKosong": "false"}

    read = reader.read(body, "PermohonanPlpRequestV2")

    assert (read["header"]["nomorBc11"], read["header"]["yorAsal"]) == ("1234", 72.5)
    assert "somethingNew" not in read["header"]
    assert read["detil"][0]["kemasan"][0]["jumlahKemasan"] == 10.0
    assert reader.read(kontainer, "CoarriCodecoKontainer")["flagKontainerKosong"] is False


def _limits(schema: str) -> dict[str, int | None]:
    return {f.name: f.max_length for f in contract.fields(schema) if f.max_length}


def _required(schema: str) -> set[str]:
    return {f.name for f in contract.fields(schema) if f.required == "spec"}


def test_the_table_says_what_the_note_says() -> None:
    """A restatement of the note's own tables (6.1, 6.2, 6.9), independent of the CSV."""
    assert _limits("Header") == {
        "kodeKantor": 6, "tipeData": 1, "kodeTpsAsal": 4, "refNumber": 20, "nomorSurat": 60,
        "gudangAsal": 4, "kodeTpsTujuan": 4, "gudangTujuan": 4, "kodeAlasanPlp": 1,
        "callSign": 20, "namaAngkut": 50, "noVoyFlight": 20, "nomorBc11": 6, "namaPemohon": 50,
    }  # fmt: skip
    assert _limits("TpsTujuan") == {"kodeTpsTujuan": 4, "gudangTujuan": 4, "alasanPenunjukan": 200}
    assert _limits("Kontainer") == {"nomorKontainer": 20, "ukuranKontainer": 2, "jenisMuat": 1}
    assert _limits("Kemasan") == {"jenisKemasan": 3, "nomorBlAwb": 30}
    assert _required("UploadBatalPlpHeaderRequestDto") == {
        "kodeKantor", "kodeTps", "namaPemohon", "nomorBc11", "nomorPlp", "nomorSurat",
        "refNumber", "tanggalBc11", "tanggalPlp", "tanggalSurat", "tipeData",
    }  # fmt: skip
    assert _limits("UploadBatalPlpHeaderRequestDto")["nomorPlp"] == 6
    assert _required("CoarriCodecoHeader") == {"kodeDokumen", "kodeGudang", "kodeTps", "refNumber"}
    assert _required("CoarriCodecoKontainer") == {
        "jenisKontainer", "nomorKontainer", "nomorSegel", "ukuranKontainer", "waktuInOut",
    }  # fmt: skip
    assert contract.field("Header", "noVoyFlight").aliases == ("nomorVoyFlight",)
    assert contract.field("CoarriCodecoKontainer", "noBlAwb").aliases == ("nomorBlAwb",)
    assert contract.field("Kemasan", "jumlahKemasan").type == "number"
    assert contract.field("CoarriCodecoKmsDto", "jumlahKemasan").type == "string"
    assert not any(f.max_length for f in contract.fields("CoarriCodecoKmsDto"))  # SPEC gives none
    assert contract.field("query:get-respon-plp", "kodeTps").max_length == 4  # note 3.2


def test_every_required_member_of_an_upload_names_the_rule_that_needs_it() -> None:
    """Issue 16.5: a field we require beyond DJBC's document is required by a rule, and the
    refusal for its absence says which (query parameters answer reads, not rules)."""
    bodies = [c for c in CASES if c[2].required and not c[0].startswith("query:")]
    assert bodies
    assert [ids(c) for c in bodies if not c[2].rule] == []
