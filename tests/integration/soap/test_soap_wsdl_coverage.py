"""Issue 16 item 1: a client generated from DJBC's published WSDL starts against ours. Every
operation of the real service's port type (contracts/tps-online-wsdl-2016.csv, from the
protocol note's 1.6) is in our WSDL with the same message parts, on both bindings, and a zeep
client built from our WSDL calls each of them and gets an answer, never a Fault."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
import requests
from lxml import etree
from zeep import Client, Settings
from zeep.transports import Transport

from tests.integration.soap.soap_support import PORTS, AsgiAdapter, zeep_client
from tests.support import Api

CONTRACTS = Path(__file__).resolve().parents[3] / "contracts"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XSD = "http://www.w3.org/2001/XMLSchema"
ANSWERING = {
    "GetImpor_Bc11",
    "GetImpor_Sppb",
    "GetDokumenManual_OnDemand",
    "GetPendukungPLP",
    "GetPendukungPLP_BL",
}


def real_operations() -> dict[str, tuple[tuple[str, ...], str]]:
    text = (CONTRACTS / "tps-online-wsdl-2016.csv").read_text(encoding="utf-8")
    return {
        row["operation"]: (tuple(row["input"].split()), row["result"])
        for row in csv.DictReader(io.StringIO(text))
    }


def generated(api: Api) -> Client:
    session = requests.Session()
    session.mount("http://testserver", AsgiAdapter(api.client))
    url = "http://testserver/tps/service.asmx?WSDL"
    return Client(url, transport=Transport(session=session), settings=Settings(strict=True))


def parts(element: Any) -> tuple[str, ...]:
    return tuple(name for name, _ in element.type.elements)


def test_the_fixture_lists_the_44_operations_of_the_published_wsdl() -> None:
    assert len(real_operations()) == 44


@pytest.mark.parametrize("port", PORTS)
def test_every_real_operation_is_in_our_wsdl_with_the_same_message_parts(
    api: Api, port: str
) -> None:
    binding = generated(api).wsdl.services["TPSServices"].ports[port].binding
    ours = binding._operations  # zeep's parsed operations of this binding and its port type
    for name, (inputs, result) in real_operations().items():
        assert name in ours, f"{name} missing from {port}"
        operation = ours[name]
        assert operation.soapaction == f"http://services.beacukai.go.id/{name}"
        assert parts(operation.input.body) == inputs, name
        assert operation.input.body.qname.localname == name
        assert operation.output.body.qname.localname == f"{name}Response"
        assert parts(operation.output.body) == (result,), name
        assert all(e.type.name == "string" for _, e in operation.input.body.type.elements)


def test_our_port_type_is_the_real_one_plus_the_on_demand_operations(api: Api) -> None:
    served = api.client.get("/tps/service.asmx?WSDL").content
    root = etree.fromstring(served)
    port_types = root.findall(f"{{{WSDL_NS}}}portType")
    names = [op.get("name") for op in port_types[0].findall(f"{{{WSDL_NS}}}operation")]
    extra = {"GetResponPlp_onDemands", "GetResponBatalPlp_onDemands"}
    assert [pt.get("name") for pt in port_types] == ["TPSServicesSoap"]
    assert [n for n in names if n not in extra] == list(real_operations())  # the real order
    assert set(names) - set(real_operations()) == extra
    for schema_element in root.iter(f"{{{XSD}}}element"):
        if schema_element.get("type"):
            assert schema_element.get("type") == "s:string"
            assert schema_element.get("minOccurs") == "0"


def arguments(inputs: tuple[str, ...]) -> dict[str, str]:
    """Plausible values for any operation: the TPKA account, dates as ddmmyyyy, a bad fStream
    (a refusal is still an answer)."""
    values = {"username": "tpka", "password": "tpka-demo", "fstream": "<DOCUMENT/>"}
    out = {}
    for name in inputs:
        key = name.lower()
        out[name] = values.get(key, "01012026" if key.startswith("tgl") else "TPKA")
    return out


@pytest.mark.parametrize("port", PORTS)
def test_a_zeep_client_from_our_wsdl_calls_every_operation_and_each_answers(
    api: Api, port: str
) -> None:
    soap = zeep_client("http://testserver", port, api.client)
    served = generated(api).wsdl.services["TPSServices"].ports[port].binding._operations
    for name, operation in served.items():
        answer = getattr(soap, name)(**arguments(parts(operation.input.body)))
        assert isinstance(answer, str) and answer, name
    assert set(served) >= set(real_operations())


NOT_SERVED = sorted(
    set(real_operations())
    - ANSWERING
    - {"GantiPassword", "UploadMohonPLP", "PermohonanPLP", "UploadBatalPLP"}
    - {"CoarriCodeco_Container", "CoarriCodeco_Kemasan", "CoCoCont_Tes", "CoCoKms_Tes"}
    - {"GetResponPLP", "GetResponPLPTujuan", "GetResponPLP_Tujuan"}
    - {"GetResponBatalPLP", "GetResponBatalPLPTujuan"}
)


def test_operations_the_simulator_does_not_serve_say_so_with_kd_res_005(api: Api) -> None:
    soap = zeep_client("http://testserver", PORTS[0], api.client)
    for name in NOT_SERVED:
        answer = getattr(soap, name)(**arguments(real_operations()[name][0]))
        assert answer.startswith('<?xml version="1.0"?><RESPON><KD_RES>005</KD_RES>'), name
        assert f"{name} tidak dilayani oleh simulator" in answer
        assert "berhasil" not in answer.lower() and "tidak ditemukan" not in answer
    assert len(NOT_SERVED) == 44 - len(ANSWERING) - 1 - 3 - 4 - 5
