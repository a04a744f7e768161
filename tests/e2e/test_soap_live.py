"""The SOAP service in a real `plp-online serve` process, through zeep and the served WSDL,
over both ports: every operation, success and failure, and the SOP walk."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import LiveServer
from tests.integration.soap.soap_support import PORTS, zeep_client
from tests.integration.soap.test_soap_operations import (
    test_operations_outside_plp_answer_without_a_fault as outside_plp,
)
from tests.integration.soap.test_soap_operations import (
    test_test_variants_check_documents_and_record_nothing as tes_operations,
)
from tests.integration.soap.test_soap_operations import (
    test_upload_decide_poll_move_and_cancel_through_every_operation as every_operation,
)
from tests.integration.soap.test_soap_operations import (
    test_wrong_credentials_are_a_fault as wrong_credentials,
)
from tests.integration.soap.test_soap_procedure import sop_walk
from tests.support import Api

pytestmark = pytest.mark.e2e


@pytest.fixture
def rest(live_server: LiveServer) -> Iterator[Api]:
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield Api(client)


@pytest.mark.parametrize("port", PORTS)
def test_every_operation_against_a_live_server(
    port: str, live_server: LiveServer, rest: Api
) -> None:
    soap = zeep_client(live_server.url, port)
    wrong_credentials(soap)
    tes_operations(soap, rest)
    outside_plp(soap)
    every_operation(soap, rest)
    sop_walk(soap, rest)


def test_live_wsdl_points_at_the_live_address(live_server: LiveServer) -> None:
    text = httpx.get(f"{live_server.url}/tps/service.asmx?WSDL").text
    assert f'<soap:address location="{live_server.url}/tps/service.asmx" />' in text
    proxied = httpx.get(
        f"{live_server.url}/tps/service.asmx?wsdl",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tps.example.id"},
    ).text
    assert '<soap12:address location="https://tps.example.id/tps/service.asmx" />' in proxied
