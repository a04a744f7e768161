"""The H2H surface in a real `plp-online serve` process: login, request, decision over REST,
the response polled, and the offline docs, over HTTP."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import LiveServer
from tests.integration.h2h.test_h2h_support import (
    CREATED,
    FETCHED,
    SANDBOX_BASE,
    H2h,
    assert_envelope,
    assert_item,
    permohonan,
    ref,
)
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api

pytestmark = pytest.mark.e2e


def test_h2h_request_decided_over_rest_and_polled_on_a_live_server(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        api = Api(client)
        tpka = H2h(api, "tpka", base=SANDBOX_BASE)
        r = ref()
        sent = tpka.post("/upload-mohon-plp", permohonan(r, [("MSKU1001373", "20")]))
        assert_envelope(sent, 200, 201, CREATED, f"Proses Berhasil {r}")
        approve(api, request_of(api, r)["id"])

        body = assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED)
        [item] = body["data"]["responPlp"]
        assert_item("ResponPlp", item)
        assert item["header"]["refNumber"] == r
        docs = client.get("/h2h/v1/openapi-tpsonline/docs")
        assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
