"""The wire as clients see it: the golden envelopes through the app, the WSDL and its address,
and polls that read through indexes as the request table grows."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.adapters.sql.queries.response_query import waiting
from app.api.soap import gateway, wsdl
from app.config import Settings
from app.domain.ports.responses import ResponseKind
from app.main import create_app
from tests.integration.soap.soap_support import loadplp, ref
from tests.support import Api
from tests.unit.soap.test_soap_envelope import GOLDEN


@pytest.mark.parametrize("name", list(GOLDEN))
def test_golden_envelopes_get_an_asmx_reply_of_their_version(name: str, api: Api) -> None:
    body, content_type, version = GOLDEN[name]
    body = body.replace("&lt;LOADPLP/&gt;", "").replace("<LOADPLP/>", "")
    headers = {"Content-Type": content_type}
    if name in ("php_soapclient_11", "jax_ws"):
        headers["SOAPAction"] = '"http://services.beacukai.go.id/X"'
    if name == "odoo_requests":
        headers["SOAPAction"] = "http://services.beacukai.go.id/PermohonanPLP"
    reply = api.client.post("/tps/service.asmx", content=body.encode(), headers=headers)
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == version.content_type
    assert reply.text.startswith(
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{version.namespace}"'
    )
    assert 'Response xmlns="http://services.beacukai.go.id/"><' in reply.text


def test_php_soap12_upload_with_escaped_fstream(api: Api) -> None:
    r = ref()
    fstream = loadplp(r, [("MSKU1001373", "20")]).replace("&", "&amp;").replace("<", "&lt;")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope xmlns:env="http://www.w3.org/2003/'
        '05/soap-envelope" xmlns:ns1="http://services.beacukai.go.id/"><env:Body>'
        f"<ns1:UploadMohonPLP><ns1:fStream>{fstream}</ns1:fStream><ns1:Username>tpka"
        "</ns1:Username><ns1:Password>tpka-demo</ns1:Password></ns1:UploadMohonPLP></env:Body>"
        "</env:Envelope>"
    )
    ctype = 'application/soap+xml; charset=utf-8;action="http://services.beacukai.go.id/x"'
    reply = api.client.post("/tps/service.asmx", content=body, headers={"Content-Type": ctype})
    assert f"<UploadMohonPLPResult>Proses Berhasil {r}</UploadMohonPLPResult>" in reply.text


def test_raw_xml_fstream_without_declaration_or_namespace_is_accepted(api: Api) -> None:
    r = ref()
    raw = loadplp(r, [("MSKU1001373", "20")], declaration=False).replace(' xmlns="loadplp.xsd"', "")
    body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        f'<UploadMohonPLP xmlns="http://services.beacukai.go.id/"><fStream>{raw}</fStream>'
        "<Username>tpka</Username><Password>tpka-demo</Password></UploadMohonPLP></soap:Body>"
        "</soap:Envelope>"
    )
    reply = api.client.post("/tps/service.asmx", content=body, headers={"Content-Type": "text/xml"})
    assert f"Proses Berhasil {r}" in reply.text


@pytest.mark.parametrize("query", ["?WSDL", "?wsdl"])
def test_wsdl_lists_every_operation_on_both_ports_at_the_reached_address(
    query: str, api: Api
) -> None:
    reply = api.client.get(f"/tps/service.asmx{query}")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/xml")
    assert reply.text.count('location="http://testserver/tps/service.asmx"') == 2
    assert set(gateway.OPERATIONS) <= set(wsdl.operations())
    for name in ("GetResponPlp_onDemands", "GetResponBatalPlp_onDemands", "PermohonanPLP"):
        assert f'<s:element name="{name}">' in reply.text


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tps.example.id"},
            "https://tps.example.id/tps/service.asmx",
        ),
        (
            {"Forwarded": 'for=1.2.3.4;proto=https;host="sim.example.id:8443"'},
            "https://sim.example.id:8443/tps/service.asmx",
        ),
        (
            {"X-Forwarded-Host": 'evil"><x', "X-Forwarded-Proto": "https"},
            "http://localhost/tps/service.asmx",
        ),
        ({"X-Forwarded-Prefix": "/plp"}, "http://testserver/plp/tps/service.asmx"),
    ],
)
def test_wsdl_address_honours_proxy_headers(
    headers: dict[str, str], expected: str, api: Api
) -> None:
    reply = api.client.get("/tps/service.asmx?WSDL", headers=headers)
    assert f'<soap:address location="{expected}" />' in reply.text


def test_public_url_setting_overrides_the_address(sqlite_url: str) -> None:
    settings = Settings(mode="demo", database_url=sqlite_url, public_url="https://plp.example/")
    with TestClient(create_app(settings)) as client:
        text_ = client.get("/tps/service.asmx?wsdl", headers={"X-Forwarded-Host": "x"}).text
    assert '<soap12:address location="https://plp.example/tps/service.asmx" />' in text_


@pytest.mark.parametrize("kind", list(ResponseKind))
def test_polls_read_through_partial_indexes_not_the_whole_table(
    kind: ResponseKind, sqlite_url: str
) -> None:
    engine = create_engine(sqlite_url)
    compiled = waiting("TPKA", kind, 101).compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "SCAN response_queue" not in plan.replace("USING INDEX", ""), plan
    assert "ix_response_queue_undelivered" in plan, plan


def test_migration_downgrades_and_upgrades_again(db_url: str) -> None:
    from app.adapters.sql import migrate

    engine = create_engine(db_url)
    migrate.downgrade(engine, "0001_initial")
    with engine.connect() as conn:
        assert "response_queue" not in engine.dialect.get_table_names(conn)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert "response_queue" in engine.dialect.get_table_names(conn)
    engine.dispose()
