"""Helpers of the SOAP tests (no tests here): fStream and envelope builders from the protocol
note's shapes, and zeep wired to the in-process app through a requests adapter."""

from __future__ import annotations

import html
import uuid
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from zeep import Client, Settings
from zeep.transports import Transport

from tests.support import now

WIB = ZoneInfo("Asia/Jakarta")
TNS = "http://services.beacukai.go.id/"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
PORTS = ["TPSServicesSoap", "TPSServicesSoap12"]


def ref(tps: str = "TPKA") -> str:
    return f"{tps}{uuid.uuid4().hex[:12].upper()}"


def ymd(d: date) -> str:
    return d.strftime("%Y%m%d")


def wib_stamp(delta: timedelta = timedelta()) -> str:
    """WK_INOUT: now (plus delta) in Jakarta time, YYYYMMDDHHMMSS."""
    return (now() + delta).astimezone(WIB).strftime("%Y%m%d%H%M%S")


def loadplp(
    ref_number: str,
    containers: list[tuple[str, str]] | None = None,
    packages: list[tuple[str, str, int, str]] | None = None,
    *,
    origin: str = "TPKA",
    origin_gudang: str = "TPKA",
    destination: str = "CFSB",
    destination_gudang: str = "CFB1",
    reason: str = "2",
    office: str = "040300",
    bc11: tuple[str, str] = ("001234", "20261120"),
    yor: str = "",
    declaration: bool = True,
) -> str:
    """A LOADPLP document as real clients build it (empty elements kept, xmlns loadplp.xsd)."""
    conts = "".join(
        f"<CONT><NO_CONT>{n}</NO_CONT><UK_CONT>{s}</UK_CONT></CONT>" for n, s in containers or []
    )
    kms = "".join(
        f"<KMS><JNS_KMS>{t}</JNS_KMS><JML_KMS>{c}</JML_KMS><NO_BL_AWB>{bl}</NO_BL_AWB>"
        f"<TGL_BL_AWB>{d}</TGL_BL_AWB></KMS>"
        for bl, t, c, d in packages or []
    )
    decl = '<?xml version="1.0" encoding="UTF-8"?>' if declaration else ""
    return (
        f'{decl}<DOCUMENT xmlns="loadplp.xsd"><LOADPLP><HEADER><KD_KANTOR>{office}</KD_KANTOR>'
        f"<TIPE_DATA>1</TIPE_DATA><KD_TPS_ASAL>{origin}</KD_TPS_ASAL>"
        f"<REF_NUMBER>{ref_number}</REF_NUMBER><NO_SURAT>00101/PLP/{origin}/2026</NO_SURAT>"
        f"<TGL_SURAT>20261125</TGL_SURAT><GUDANG_ASAL>{origin_gudang}</GUDANG_ASAL>"
        f"<KD_TPS_TUJUAN>{destination}</KD_TPS_TUJUAN>"
        f"<GUDANG_TUJUAN>{destination_gudang}</GUDANG_TUJUAN>"
        f"<KD_ALASAN_PLP>{reason}</KD_ALASAN_PLP><YOR_ASAL>{yor}</YOR_ASAL><YOR_TUJUAN/>"
        f"<CALL_SIGN>9VAB7</CALL_SIGN><NM_ANGKUT>MV SAMPLE STAR</NM_ANGKUT>"
        f"<NO_VOY_FLIGHT>025S</NO_VOY_FLIGHT><TGL_TIBA>20261119</TGL_TIBA>"
        f"<NO_BC11>{bc11[0]}</NO_BC11><TGL_BC11>{bc11[1]}</TGL_BC11>"
        f"<NM_PEMOHON>BUDI SANTOSO</NM_PEMOHON></HEADER><DETIL>{conts}{kms}</DETIL>"
        "</LOADPLP></DOCUMENT>"
    )


def batalplp(
    ref_number: str,
    plp_number: str,
    plp_date: str,
    containers: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> str:
    conts = "".join(
        f"<CONT><NO_CONT>{n}</NO_CONT><UK_CONT>{s}</UK_CONT></CONT>" for n, s in containers
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><DOCUMENT xmlns="loadbatalplp.xsd"><BATALPLP>'
        "<HEADER><KD_KANTOR>040300</KD_KANTOR><TIPE_DATA>1</TIPE_DATA><KD_TPS>TPKA</KD_TPS>"
        f"<REF_NUMBER>{ref_number}</REF_NUMBER><NO_SURAT>00102/BTL-PLP/TPKA/2026</NO_SURAT>"
        f"<TGL_SURAT>20261125</TGL_SURAT><NO_PLP>{plp_number}</NO_PLP><TGL_PLP>{plp_date}</TGL_PLP>"
        "<ALASAN>SALAH INPUT GUDANG TUJUAN</ALASAN><NO_BC11>001234</NO_BC11>"
        "<TGL_BC11>20261120</TGL_BC11><NM_PEMOHON>BUDI SANTOSO</NM_PEMOHON></HEADER>"
        f"<DETIL>{conts}</DETIL></BATALPLP></DOCUMENT>"
    )


def coco_block(
    ref_number: str,
    kd_dok: str,
    kd_tps: str,
    plp: tuple[str, str],
    wk_inout: str,
    containers: list[tuple[str, str]] = (),  # type: ignore[assignment]
    packages: list[tuple[str, str]] = (),  # type: ignore[assignment]
    kd_dok_inout: str = "3",
    seal_bc: str = "",
    bc11: tuple[str, str] = ("001234", "20261120"),
) -> str:
    """One COCOCONT (containers) or COCOKMS (packages: (NO_BL_AWB, TGL_BL_AWB)) block;
    `seal_bc`: the NO_SEGEL_BC every item states (S1)."""
    segel = f"<NO_SEGEL_BC>{seal_bc}</NO_SEGEL_BC><TGL_SEGEL_BC>{plp[1]}</TGL_SEGEL_BC>"
    segel = segel if seal_bc else ""
    move = (
        f"<KD_DOK_INOUT>{kd_dok_inout}</KD_DOK_INOUT><NO_DOK_INOUT>{plp[0]}</NO_DOK_INOUT>"
        f"<TGL_DOK_INOUT>{plp[1]}</TGL_DOK_INOUT><WK_INOUT>{wk_inout}</WK_INOUT>"
        "<KD_SAR_ANGKUT_INOUT>1</KD_SAR_ANGKUT_INOUT><NO_POL>B9123XYZ</NO_POL>"
    )
    lines = "".join(
        f"<CONT><NO_CONT>{n}</NO_CONT><UK_CONT>{s}</UK_CONT><NO_SEGEL>SL1</NO_SEGEL>"
        f"<JNS_CONT>F</JNS_CONT><NO_BL_AWB/><TGL_BL_AWB/><NO_BC11>{bc11[0]}</NO_BC11>"
        f"<TGL_BC11>{bc11[1]}</TGL_BC11><KD_TIMBUN>LAP</KD_TIMBUN>{move}"
        f"<FL_CONT_KOSONG>2</FL_CONT_KOSONG><KODE_KANTOR>040300</KODE_KANTOR>{segel}</CONT>"
        for n, s in containers
    ) + "".join(
        f"<KMS><NO_BL_AWB>{bl}</NO_BL_AWB><TGL_BL_AWB>{d}</TGL_BL_AWB>"
        f"<NO_BC11>{bc11[0]}</NO_BC11><TGL_BC11>{bc11[1]}</TGL_BC11><CONT_ASAL/>"
        f"<SERI_KEMAS>1</SERI_KEMAS><KD_KEMAS>PK</KD_KEMAS><JML_KEMAS>1</JML_KEMAS>{move}"
        f"{segel}</KMS>"
        for bl, d in packages
    )
    root = "COCOCONT" if containers else "COCOKMS"
    return (
        f"<{root}><HEADER><KD_DOK>{kd_dok}</KD_DOK><KD_TPS>{kd_tps}</KD_TPS>"
        "<NM_ANGKUT>MV SAMPLE STAR</NM_ANGKUT><NO_VOY_FLIGHT>025S</NO_VOY_FLIGHT><CALL_SIGN/>"
        f"<TGL_TIBA>20261119</TGL_TIBA><KD_GUDANG>{kd_tps}</KD_GUDANG>"
        f"<REF_NUMBER>{ref_number}</REF_NUMBER></HEADER><DETIL>{lines}</DETIL></{root}>"
    )


def coco(*blocks: str, kemasan: bool = False) -> str:
    xmlns = "cocokms.xsd" if kemasan else "cococont.xsd"
    head = f'<?xml version="1.0" encoding="UTF-8"?><DOCUMENT xmlns="{xmlns}">'
    return f"{head}{''.join(blocks)}</DOCUMENT>"


def envelope(operation: str, params: list[tuple[str, str]], version: str = SOAP11) -> str:
    """The plain `soap:` + default-namespace shape (ODOO, EDII's JAX-WS proxy, the note)."""
    inner = "".join(f"<{k}>{html.escape(v, quote=False)}</{k}>" for k, v in params)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{version}">'
        f'<soap:Body><{operation} xmlns="{TNS}">{inner}</{operation}></soap:Body></soap:Envelope>'
    )


def post(client: Any, operation: str, params: list[tuple[str, str]], v12: bool = False) -> Any:
    version = SOAP12 if v12 else SOAP11
    ctype = (
        f'application/soap+xml; charset=utf-8; action="{TNS}{operation}"'
        if v12
        else "text/xml; charset=utf-8"
    )
    headers = {"Content-Type": ctype} | ({} if v12 else {"SOAPAction": f'"{TNS}{operation}"'})
    return client.post(
        "/tps/service.asmx", content=envelope(operation, params, version), headers=headers
    )


def result_of(response: Any, operation: str) -> str:
    """The decoded Result string of a reply, as clients read it."""
    from lxml import etree

    root = etree.fromstring(response.content)
    found = root.find(f".//{{{TNS}}}{operation}Result")
    assert found is not None, response.text
    return found.text or ""


class AsgiAdapter(BaseAdapter):
    """requests -> the in-process TestClient, so zeep talks to the app without a socket."""

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        reply = self.client.request(
            request.method, request.url, content=request.body, headers=dict(request.headers)
        )
        response = requests.Response()
        response.status_code = reply.status_code
        response._content = reply.content
        response.headers = CaseInsensitiveDict(reply.headers)
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


def zeep_client(base_url: str, port: str, test_client: Any = None) -> Any:
    """A zeep service proxy on one port of the served WSDL (in process when test_client)."""
    session = requests.Session()
    if test_client is not None:
        session.mount(base_url, AsgiAdapter(test_client))
    client = Client(
        f"{base_url}/tps/service.asmx?WSDL",
        transport=Transport(session=session),
        settings=Settings(strict=True),
    )
    return client.bind("TPSServices", port)
