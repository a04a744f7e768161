"""Helpers of the H2H tests (no tests here): a client session per TPS account, bodies in the
note's shapes, and checks of the envelope and of response items against contracts/h2h/."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.api.h2h import contract
from tests.support import Api, now

TPS_BASE = "/h2h/v1/openapi-tpsonline"
SANDBOX_BASE = "/h2h/v1/openapi-tps"
AUTH = "/h2h/v1/openapi-auth"
WIB = ZoneInfo("Asia/Jakarta")
CREATED = "Data successfully created."
FETCHED = "Data(s) successfully fetched."
INVALID = "Some of parameter(s) are invalid."
NOT_FOUND = "Data tidak ditemukan. Tidak ada data yang sesuai dengan pencarian."
DUPLICATE = "No. Referensi PLP sudah pernah digunakan."
PY_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool}


def api_key(api: Api, username: str) -> str:
    """The account's API key, issued once per app by the admin (only its hash is stored)."""
    keys: dict[str, str] = api.__dict__.setdefault("_h2h_keys", {})
    if username not in keys:
        r = api.post(f"/api/v1/admin/accounts/{username}/api-key", "admin")
        assert r.status_code == 200, r.text
        keys[username] = r.json()["api_key"]
    return keys[username]


def login(api: Api, username: str, **headers: str) -> Any:
    body = {"username": username, "password": f"{username}-demo"}
    return api.client.post(f"{AUTH}/user/login", json=body, headers=headers)


class H2h:
    """One TPS account's session: logged in, bearer token and beacukai-api-key on every call."""

    def __init__(self, api: Api, username: str, base: str = TPS_BASE) -> None:
        self.api, self.base = api, base
        r = login(api, username)
        assert r.status_code == 200, r.text
        self.item = r.json()["item"]
        self.headers = {
            "Authorization": f"Bearer {self.item['access_token']}",
            "beacukai-api-key": api_key(api, username),
        }

    def post(self, path: str, body: Any, **headers: str) -> Any:
        return self.api.client.post(self.base + path, json=body, headers=self.headers | headers)

    def get(self, path: str, **params: str) -> Any:
        return self.api.client.get(self.base + path, params=params, headers=self.headers)


def ref(tps: str = "TPKA") -> str:
    return f"{tps}{uuid.uuid4().hex[:12].upper()}"  # 16 characters, within 20


def dmy(value: date | str) -> str:
    """dd-MM-yyyy of a date or of an ISO date string (as our REST API returns them)."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d-%m-%Y")


def moment(delta: timedelta = timedelta()) -> str:
    """waktuInOut: test time (plus delta) in Jakarta, dd-MM-yyyy HH:mm:ss."""
    return (now() + delta).astimezone(WIB).strftime("%d-%m-%Y %H:%M:%S")


def permohonan(
    ref_number: str,
    containers: list[tuple[str, str]] | None = None,
    packages: list[tuple[str, str, Any, str]] | None = None,
    **header: Any,
) -> dict[str, Any]:
    """PermohonanPlpRequestV2 of TPKA to CFSB/CFB1 (kodeAlasanPlp 2: NO_LCL_SPACE, R2)."""
    head = {
        "kodeKantor": "040300",
        "tipeData": "1",
        "kodeTpsAsal": "TPKA",
        "refNumber": ref_number,
        "nomorSurat": "00101/PLP/TPKA/2026",
        "tanggalSurat": "25-11-2026",
        "gudangAsal": "TPKA",
        "kodeTpsTujuan": "CFSB",
        "gudangTujuan": "CFB1",
        "kodeAlasanPlp": "2",
        "yorAsal": 72,
        "yorTujuan": 35,
        "callSign": "9VAB7",
        "namaAngkut": "MV SAMPLE STAR",
        "noVoyFlight": "025S",
        "tanggalTiba": "19-11-2026",
        "nomorBc11": "001234",
        "tanggalBc11": "20-11-2026",
        "namaPemohon": "BUDI SANTOSO",
    } | header
    kontainer = [{"nomorKontainer": n, "ukuranKontainer": s} for n, s in containers or []]
    kemasan = [
        {"jenisKemasan": t, "jumlahKemasan": c, "nomorBlAwb": bl, "tanggalBlAwb": d}
        for bl, t, c, d in packages or []
    ]
    return {"header": head, "detil": [{"kontainer": kontainer, "kemasan": kemasan}]}


def batal(
    ref_number: str,
    plp: tuple[str, str],
    containers: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """UploadBatalPlpRequestDto of TPKA for PLP (nomorPlp, tanggalPlp dd-MM-yyyy)."""
    return {
        "header": {
            "kodeKantor": "040300",
            "tipeData": "1",
            "kodeTps": "TPKA",
            "refNumber": ref_number,
            "nomorSurat": "00102/BTL-PLP/TPKA/2026",
            "tanggalSurat": "25-11-2026",
            "nomorPlp": plp[0],
            "tanggalPlp": plp[1],
            "nomorBc11": "001234",
            "tanggalBc11": "20-11-2026",
            "namaPemohon": "BUDI SANTOSO",
            "alasan": "SALAH INPUT GUDANG TUJUAN",
        },
        "kontainer": [{"nomorKontainer": n, "ukuranKontainer": s} for n, s in containers],
        "kemasan": [],
    }


def _move(plp: tuple[str, str], at: str) -> dict[str, Any]:
    return {
        "kodeDokumenInOut": "3",
        "nomorDokumenInOut": plp[0],
        "tanggalDokumenInOut": plp[1],
        "waktuInOut": at,
    }


def coarri_kontainer(
    ref_number: str, kd_dok: str, tps: str, plp: tuple[str, str], at: str, numbers: list[str]
) -> dict[str, Any]:
    header = {"kodeDokumen": kd_dok, "kodeTps": tps, "kodeGudang": tps, "refNumber": ref_number}
    items = [
        {"nomorKontainer": n, "ukuranKontainer": "20", "nomorSegel": "SL1", "jenisKontainer": "F"}
        | _move(plp, at)
        | {"flagKontainerKosong": False, "flagKontainer": True, "kodeKantor": "040300"}
        for n in numbers
    ]
    return {"header": header, "kontainer": items}


def coarri_kemasan(
    ref_number: str, kd_dok: str, tps: str, plp: tuple[str, str], at: str, bls: list[str]
) -> dict[str, Any]:
    header = {"kodeDokumen": kd_dok, "kodeTps": tps, "kodeGudang": tps, "refNumber": ref_number}
    items = [
        {"nomorBlAwb": bl, "tanggalBlAwb": "11-11-2026", "jumlahKemasan": 10} | _move(plp, at)
        for bl in bls
    ]
    return {"header": header, "detil": items}


def assert_envelope(
    response: Any, http: int, code: int, result: str, detail: str | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert list(body) == ["result", "detail", "path", "date", "code", "version", "data"], body
    assert (response.status_code, body["code"], body["result"]) == (http, code, result), body
    if detail is not None:
        assert body["detail"] == detail, body
    assert body["date"].endswith(" WIB") and body["version"] == "1.0.0"
    return body


def assert_matches(schema: str, item: dict[str, Any]) -> None:
    """Exactly the members of `schema` in responses.csv, in order, each of its type or null;
    dates in dd-MM-yyyy."""
    fields = contract.response_fields(schema)
    assert list(item) == [f.name for f in fields], (schema, list(item))
    for f in fields:
        value = item[f.name]
        if value is None:
            continue
        assert isinstance(value, PY_TYPES[f.type]), (schema, f.name, value)
        assert f.type != "number" or not isinstance(value, bool)
        if f.format == "date":
            assert date.fromisoformat("-".join(reversed(value.split("-")))), (f.name, value)


def assert_item(schema: str, found: dict[str, Any]) -> None:
    """A response item: its header and each line against the table."""
    lists = found.get("detil", found)
    assert_matches(f"{schema}.header", found["header"])
    for part in ("kontainer", "kemasan"):
        for line in lists[part]:
            assert_matches(f"{schema}.{part}", line)
