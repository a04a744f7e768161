"""The surface's own OpenAPI documents (TPS and auth, like DJBC's two exports), built from the
contract tables, and their Swagger UI and ReDoc served offline under either prefix."""

from __future__ import annotations

import pytest

from app.api.h2h import contract, openapi
from tests.integration.h2h.test_h2h_support import AUTH, SANDBOX_BASE, TPS_BASE
from tests.support import Api

PLP_PATHS = {
    "/upload-mohon-plp": "uploadMohonPlp",
    "/permohonan-plp": "pemohonanPlp",
    "/upload-batal-plp": "uploadBatalPLP",
    "/get-respon-plp": "getResponPLP",
    "/get-respon-plp-tujuan": "getResponPLPTujuan",
    "/get-respon-plp-tujuan-v2": "getResponPLPTujuan_1",
    "/get-respon-plp-on-demand": "getResponPLP_onDemands",
    "/get-respon-batal-plp": "getResponBatalPlp",
    "/get-respon-batal-plp-tujuan": "getResponBatalPlpTujuan",
    "/get-respon-batal-plp-on-demand": "getResponBatalPlpOnDemands",
    "/coarri-codeco-container": "insertCoarriCodecoContainer",
    "/coarri-codeco-kemasan": "coarriCodecoKemasan",
}


@pytest.mark.parametrize("base", [TPS_BASE, SANDBOX_BASE])
def test_the_tps_document_has_the_plp_endpoints_with_djbc_operation_ids(
    api: Api, base: str
) -> None:
    spec = api.client.get(f"{base}/openapi.json").json()

    assert spec["servers"] == [{"url": base}]
    for path, op_id in PLP_PATHS.items():
        [operation] = spec["paths"][path].values()
        assert operation["operationId"] == op_id
        assert operation["security"] == [{"oAuth2Token": [], "apiKey": []}]  # both needed
    schemes = spec["components"]["securitySchemes"]
    assert schemes["apiKey"] == schemes["apiKey"] | {"in": "header", "name": "beacukai-api-key"}


def test_the_request_and_response_schemas_are_the_contract_tables(api: Api) -> None:
    spec = api.client.get(f"{TPS_BASE}/openapi.json").json()
    schemas = spec["components"]["schemas"]

    header = schemas["Header"]["properties"]
    assert header["kodeAlasanPlp"]["maxLength"] == 1
    assert header["nomorSurat"]["maxLength"] == 60
    assert header["tanggalSurat"]["pattern"] == r"^\d{2}-\d{2}-\d{4}$"
    assert "nomorVoyFlight" in header["noVoyFlight"]["description"]
    assert set(schemas["UploadBatalPlpHeaderRequestDto"]["required"]) >= {"nomorPlp", "tanggalPlp"}
    for schema in contract.response_schemas():
        name = openapi.component_name(schema)
        assert list(schemas[name]["properties"]) == [
            f.name for f in contract.response_fields(schema)
        ]
    on_demand = spec["paths"]["/get-respon-plp-on-demand"]["get"]
    assert {p["name"]: p["required"] for p in on_demand["parameters"]} == {
        "nomorPlp": False,
        "tanggalPlp": False,
        "nomorReference": False,
        "kodeGudang": True,
    }


@pytest.mark.parametrize("base", [TPS_BASE, SANDBOX_BASE, AUTH])
def test_docs_are_served_offline_under_each_prefix(api: Api, base: str) -> None:
    swagger = api.client.get(f"{base}/docs")
    redoc = api.client.get(f"{base}/redoc")

    assert swagger.status_code == redoc.status_code == 200
    assert (
        f"'{base}/openapi.json'" in swagger.text
        and "/docs-assets/swagger-ui-bundle.js" in swagger.text
    )
    assert (
        f'"{base}/openapi.json"' in redoc.text and "/docs-assets/redoc.standalone.js" in redoc.text
    )
    assert "cdn.jsdelivr" not in swagger.text + redoc.text
    assert api.client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_the_auth_document_has_login_and_refresh(api: Api) -> None:
    spec = api.client.get(f"{AUTH}/openapi.json").json()
    assert set(spec["paths"]) == {"/user/login", "/user/update-token", "/user/ganti-password"}
    assert spec["servers"] == [{"url": AUTH}]
