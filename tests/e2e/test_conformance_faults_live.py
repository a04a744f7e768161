"""The conformance pack's faults against a real `plp-online serve` process (issue 17): what a
client's HTTP stack sees of each, with httpx and zeep."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest
import requests
import zeep.exceptions

from tests.e2e.conftest import LiveServer
from tests.integration.soap.soap_support import PORTS, envelope, loadplp, zeep_client
from tests.integration.soap.test_conformance_tap_soap import ymd
from tests.support import Api, wait_until

pytestmark = pytest.mark.e2e
RUNS = "/api/v1/conformance/runs"
SOAP_HEADERS = {"Content-Type": "text/xml; charset=utf-8"}


@pytest.fixture
def rest(live_server: LiveServer) -> Iterator[Api]:
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        yield Api(client)


def scenario(rest: Api, sid: str, protocol: str = "soap11") -> tuple[str, dict[str, str]]:
    run = rest.post(RUNS, "tpka", {"protocol": protocol}).json()
    started = rest.post(f"{RUNS}/{run['id']}/scenarios/{sid}/start", "tpka")
    assert started.status_code == 200, started.text
    return run["id"], started.json()["data"]


def document(data: dict[str, str], ref: str) -> str:
    return loadplp(
        ref,
        list(zip(data["containers"].split(","), data["container_sizes"].split(","), strict=True)),
        origin=data["origin_tps"],
        origin_gudang=data["origin_gudang"],
        destination=data["destination_tps"],
        destination_gudang=data["destination_gudang"],
        reason=data["reason_code"],
        office=data["office"],
        bc11=(data["bc11_number"], ymd(data["bc11_date"])),
        yor=data["yor_origin"],
    )


def upload_body(data: dict[str, str], ref: str) -> str:
    params = [("fStream", document(data, ref)), ("Username", "tpka"), ("Password", "tpka-demo")]
    return envelope("UploadMohonPLP", params)


def evidence(rest: Api, run: str, sid: str) -> list[dict[str, Any]]:
    report = rest.get(f"{RUNS}/{run}/report.json", "tpka").json()
    return next(s for s in report["scenarios"] if s["id"] == sid)["messages"]


def test_plp06_a_reply_dropped_after_commit_is_an_incomplete_read(
    live_server: LiveServer, rest: Api
) -> None:
    run, data = scenario(rest, "PLP-06")
    ref = f"TPKA{data['bc11_number']}06"
    url = f"{live_server.url}/tps/service.asmx"

    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(url, content=upload_body(data, ref), headers=SOAP_HEADERS, timeout=30)
    retry = httpx.post(url, content=upload_body(data, ref), headers=SOAP_HEADERS, timeout=30)

    kept = evidence(rest, run, "PLP-06")
    assert kept[0]["fault"] == "drop_after_commit" and kept[0]["status"] is None
    assert kept[0]["details"]["outcome"] == "accepted"  # the work was done
    assert retry.status_code == 200 and ref in str(kept)


@pytest.mark.parametrize("port", PORTS)
def test_plp06_zeep_sees_the_dropped_reply_as_a_transport_error(
    port: str, live_server: LiveServer, rest: Api
) -> None:
    _, data = scenario(rest, "PLP-06", "soap12" if port.endswith("12") else "soap11")
    soap = zeep_client(live_server.url, port)

    with pytest.raises((requests.exceptions.RequestException, zeep.exceptions.TransportError)):
        soap.UploadMohonPLP(
            fStream=document(data, f"TPKA{data['bc11_number']}Z"),
            Username="tpka",
            Password="tpka-demo",
        )


def test_plp07_unavailable_is_a_503_before_anything_is_done(
    live_server: LiveServer, rest: Api
) -> None:
    run, _ = scenario(rest, "PLP-07", "h2h")
    h2h = f"{live_server.url}/h2h/v1"
    login = httpx.post(
        f"{h2h}/openapi-auth/user/login", json={"username": "tpka", "password": "tpka-demo"}
    )
    token = login.json()["item"]["access_token"]
    body = {"header": {"refNumber": "TPKAX07"}, "kontainer": []}
    first = httpx.post(
        f"{h2h}/openapi-tpsonline/upload-mohon-plp",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )

    assert first.status_code == 503 and first.headers["retry-after"] == "2"
    kept = evidence(rest, run, "PLP-07")
    assert [(m["action"], m["fault"]) for m in kept] == [("login", None), ("submit", "unavailable")]
    assert "tpka-demo" not in str(kept)


def test_plp09_latency_holds_the_reply_back(live_server: LiveServer, rest: Api) -> None:
    run, data = scenario(rest, "PLP-09")
    url = f"{live_server.url}/tps/service.asmx"
    body = upload_body(data, f"TPKA{data['bc11_number']}09")

    began = time.monotonic()
    held = httpx.post(url, content=body, headers=SOAP_HEADERS, timeout=60)
    took = time.monotonic() - began

    assert held.status_code == 200 and took >= 7.5  # the scenario's latency_seconds: 8
    kept = evidence(rest, run, "PLP-09")
    assert kept[0]["fault"] == "latency" and kept[0]["details"]["outcome"] == "accepted"


def _poll(url: str) -> httpx.Response:
    body = envelope(
        "GetResponPLP", [("UserName", "tpka"), ("Password", "tpka-demo"), ("Kd_asp", "TPKA")]
    )
    return httpx.post(url, content=body, headers=SOAP_HEADERS, timeout=30)


def _polls_until(url: str, done: Callable[[httpx.Response], bool]) -> list[httpx.Response]:
    """Polls (as a client does, 0.2 s apart) until `done`; the approval comes once the
    simulated Kasubsi has decided, after the upload's answer."""
    seen: list[httpx.Response] = []

    def answered() -> bool:
        seen.append(_poll(url))
        return done(seen[-1])

    wait_until(answered, "the poll's answer", interval=0.2)
    return seen


def test_plp05_the_approval_reply_is_cut_short(live_server: LiveServer, rest: Api) -> None:
    run, data = scenario(rest, "PLP-05")
    url = f"{live_server.url}/tps/service.asmx"
    ref = f"TPKA{data['bc11_number']}05"
    assert httpx.post(url, content=upload_body(data, ref), headers=SOAP_HEADERS).status_code == 200

    polls = _polls_until(url, lambda r: "Data tidak ditemukan" not in r.text)

    cut = polls[-1]
    assert cut.status_code == 200 and int(cut.headers["content-length"]) == len(cut.content)
    with pytest.raises(ElementTree.ParseError):
        ElementTree.fromstring(cut.content)  # noqa: S314 (our own answer)
    kept = evidence(rest, run, "PLP-05")
    assert [m["fault"] for m in kept if m["fault"]] == ["truncated_reply"]


def test_plp13_the_approval_is_delivered_twice(live_server: LiveServer, rest: Api) -> None:
    run, data = scenario(rest, "PLP-13")
    url = f"{live_server.url}/tps/service.asmx"
    ref = f"TPKA{data['bc11_number']}13"
    assert httpx.post(url, content=upload_body(data, ref), headers=SOAP_HEADERS).status_code == 200

    first = _polls_until(url, lambda r: ref in r.text)[-1]
    again = _poll(url)

    assert again.content == first.content
    kept = evidence(rest, run, "PLP-13")
    assert [m["fault"] for m in kept if m["fault"]] == ["duplicate_delivery"]
