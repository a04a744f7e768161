"""Golden raw envelopes, written from the shapes real clients put on the wire (protocol note
1.2), parsed by the adapter; and the exact ASMX shape of what goes back."""

from __future__ import annotations

import re

import pytest

from app.api.soap import envelope
from app.api.soap.envelope import SoapVersion
from app.api.soap.errors import SoapFaultError

FSTREAM = (
    '<?xml version="1.0" encoding="UTF-8"?><DOCUMENT xmlns="loadplp.xsd"><LOADPLP/></DOCUMENT>'
)
ESCAPED = FSTREAM.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

PHP_SOAP11 = (  # WMSB: php SoapClient default, SOAP-ENV / ns1
    '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope '
    'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:ns1="http://services.beacukai.go.id/"><SOAP-ENV:Body><ns1:UploadMohonPLP>'
    f"<ns1:fStream>{ESCAPED}</ns1:fStream><ns1:Username>tpka</ns1:Username>"
    "<ns1:Password>tpka-demo</ns1:Password></ns1:UploadMohonPLP></SOAP-ENV:Body>"
    "</SOAP-ENV:Envelope>\n"
)
PHP_SOAP12 = (  # SCFG: SOAP_1_2, env prefix, action= in the content type, no SOAPAction
    '<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope '
    'xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:ns1="http://services.beacukai.go.id/"><env:Body><ns1:GetResponPLP_Tujuan>'
    "<ns1:UserName>cfsb</ns1:UserName><ns1:Password>cfsb-demo</ns1:Password>"
    "</ns1:GetResponPLP_Tujuan></env:Body></env:Envelope>\n"
)  # Kd_ASP was sent by the client and silently dropped by SoapClient: no Kd_asp at all
JAX_WS = (  # EDII's generated proxy: S: prefix, default namespace, unprefixed children
    '<?xml version="1.0" ?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">'
    '<S:Body><GetResponPLP xmlns="http://services.beacukai.go.id/"><UserName>tpka</UserName>'
    "<Password>tpka-demo</Password><Kd_asp>TPKA</Kd_asp></GetResponPLP></S:Body></S:Envelope>"
)
CURL_CDATA = (  # NCT1: SoapUI template, soapenv / ser, fStream in CDATA, no SOAPAction
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:ser="http://services.beacukai.go.id/">\n   <soapenv:Header/>\n   <soapenv:Body>\n'
    "      <ser:CoarriCodeco_Container>\n"
    f"         <ser:fStream><![CDATA[{FSTREAM}]]></ser:fStream>\n"
    "         <ser:Username>tpka</ser:Username>\n         <ser:Password>tpka-demo</ser:Password>\n"
    "      </ser:CoarriCodeco_Container>\n   </soapenv:Body>\n</soapenv:Envelope>"
)
RPC_ENCODED = (  # NuSOAP mirrors: rpc/encoded, xsi:type on every parameter, unqualified
    '<?xml version="1.0" encoding="ISO-8859-1"?><SOAP-ENV:Envelope '
    'SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" '
    'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body>'
    '<ns5:GetResponBatalPLP xmlns:ns5="http://services.beacukai.go.id/">'
    '<Username xsi:type="xsd:string">tpka</Username>'
    '<Password xsi:type="xsd:string">tpka-demo</Password>'
    '<Kd_asp xsi:type="xsd:string">TPKA</Kd_asp></ns5:GetResponBatalPLP></SOAP-ENV:Body>'
    "</SOAP-ENV:Envelope>"
)
ODOO = (  # python requests: soap + default ns, unquoted SOAPAction, html.escape'd fStream
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
    'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    f'<PermohonanPLP xmlns="http://services.beacukai.go.id/"><fStream>{ESCAPED}</fStream>'
    "<Username>tpka</Username><Password>tpka-demo</Password></PermohonanPLP></soap:Body>"
    "</soap:Envelope>"
)

GOLDEN = {
    "php_soapclient_11": (PHP_SOAP11, "text/xml; charset=utf-8", SoapVersion.V11),
    "php_soapclient_12": (
        PHP_SOAP12,
        'application/soap+xml; charset=utf-8; action="http://services.beacukai.go.id/GetResponPLP_Tujuan"',
        SoapVersion.V12,
    ),
    "jax_ws": (JAX_WS, "text/xml; charset=utf-8", SoapVersion.V11),
    "curl_cdata": (CURL_CDATA, "text/xml", SoapVersion.V11),
    "rpc_encoded": (RPC_ENCODED, "text/xml; charset=ISO-8859-1", SoapVersion.V11),
    "odoo_requests": (ODOO, "text/xml; charset=utf-8", SoapVersion.V11),
}
EXPECTED = {
    "php_soapclient_11": ("UploadMohonPLP", {"fstream": FSTREAM, "username": "tpka"}),
    "php_soapclient_12": ("GetResponPLP_Tujuan", {"username": "cfsb"}),
    "jax_ws": ("GetResponPLP", {"username": "tpka", "kd_asp": "TPKA"}),
    "curl_cdata": ("CoarriCodeco_Container", {"fstream": FSTREAM, "password": "tpka-demo"}),
    "rpc_encoded": ("GetResponBatalPLP", {"username": "tpka", "kd_asp": "TPKA"}),
    "odoo_requests": ("PermohonanPLP", {"fstream": FSTREAM}),
}


@pytest.mark.parametrize("name", list(GOLDEN))
def test_golden_envelopes_yield_the_operation_and_its_strings(name: str) -> None:
    body, content_type, version = GOLDEN[name]
    call = envelope.parse(body.encode("utf-8"), content_type)
    operation, params = EXPECTED[name]
    assert call.version is version and call.operation == operation
    for key, value in params.items():
        assert call.get(key) == value
    if name == "php_soapclient_12":
        assert call.get("kd_asp") == ""  # the client omitting Kd_asp


def test_result_is_asmx_shaped_and_entity_escaped() -> None:
    out = envelope.result(SoapVersion.V12, "UploadMohonPLP", '<DOCUMENT a="1">&</DOCUMENT>')
    assert out.decode() == (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
        'xmlns:soap="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><UploadMohonPLPResponse '
        'xmlns="http://services.beacukai.go.id/"><UploadMohonPLPResult>'
        '&lt;DOCUMENT a="1"&gt;&amp;&lt;/DOCUMENT&gt;</UploadMohonPLPResult>'
        "</UploadMohonPLPResponse></soap:Body></soap:Envelope>"
    )
    ipc_keys = re.findall(
        r"<(soap:Envelope|soap:Body)", envelope.result(SoapVersion.V11, "X", "").decode()
    )
    assert ipc_keys == ["soap:Envelope", "soap:Body"]  # IPC's parser hard-codes these keys


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<x/>",
        b"<soap:Envelope xmlns:soap='urn:other'><soap:Body/></soap:Envelope>",
        b"<Envelope xmlns='http://schemas.xmlsoap.org/soap/envelope/'><Body/></Envelope>",
    ],
)
def test_what_is_not_a_call_is_a_fault(body: bytes) -> None:
    with pytest.raises(SoapFaultError):
        envelope.parse(body, "text/xml")


def test_fault_matches_the_version() -> None:
    assert b"<faultcode>soap:Client</faultcode>" in envelope.fault(SoapVersion.V11, "x")
    v12 = envelope.fault(SoapVersion.V12, "x", sender=False)
    assert b"<soap:Value>soap:Receiver</soap:Value>" in v12
    assert envelope.version_for("application/soap+xml;action=x") is SoapVersion.V12


def test_sample_requests_in_contracts_are_calls() -> None:
    from app.api.http import contract_files as contracts

    samples = sorted((contracts.contracts_dir() / "samples").glob("*.request.xml"))
    assert samples
    for sample in samples:
        call = envelope.parse(sample.read_bytes(), "text/xml")
        assert call.get("fstream").lstrip().startswith("<?xml")
