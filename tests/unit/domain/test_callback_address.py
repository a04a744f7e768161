"""Which callback URLs and addresses push delivery may reach (issue 5, SSRF): every spelling of
an inward address, credentials, schemes, demo mode's loopback and the allowed networks."""

from __future__ import annotations

from ipaddress import ip_address, ip_network

import pytest

from app.domain.callback_address import CallbackPolicy, host_address

TEST, DEMO, PRODUCTION = (CallbackPolicy.for_mode(m) for m in ("test", "demo", "production"))

INWARD = {
    "http://127.0.0.1:5432/": "loopback",
    "http://0x7f000001/": "loopback",
    "http://2130706433/": "loopback",
    "http://127.1/": "loopback",
    "http://0177.0.0.1/": "loopback",
    "http://0x7f.0.0.1/": "loopback",
    "http://127.0.0.1./": "loopback",
    "http://[::1]/": "loopback",
    "http://[::ffff:127.0.0.1]/": "loopback",
    "http://[::ffff:7f00:1]/": "loopback",
    "http://[2002:7f00:1::]/": "loopback",  # 6to4
    "http://localhost:8000/": "loopback",
    "http://LOCALHOST./": "loopback",
    "http://a.b.localhost/": "loopback",
    "http://%31%32%37.0.0.1/": "loopback",
    "http://0/": "unspecified",
    "http://0.0.0.0:8000/": "unspecified",
    "http://[::]/": "unspecified",
    "http://10.1.2.3/": "private",
    "http://172.16.0.1/": "private",
    "http://192.168.1.1/": "private",
    "http://[::ffff:10.0.0.1]/": "private",
    "http://[fd12::1]/": "private",
    "http://[fe80::1%25eth0]/": "link-local",
    "http://169.254.1.1/": "link-local",
    "http://169.254.169.254/latest/meta-data/": "cloud metadata",
    "http://0xa9fea9fe/": "cloud metadata",
    "http://[fd00:ec2::254]/": "cloud metadata",
    "http://[::ffff:169.254.169.254]/": "cloud metadata",
    "http://224.0.0.1/": "multicast",
    "http://[ff02::1]/": "multicast",
    "http://240.0.0.1/": "reserved",
    "http://100.64.0.1/": "non-public",
}


@pytest.mark.parametrize(("url", "kind"), INWARD.items())
def test_inward_addresses_in_any_spelling_are_refused(url: str, kind: str) -> None:
    refusal = TEST.url_refusal(url)
    assert refusal == f"callback URLs may not point to {kind} addresses; use a public host"
    assert PRODUCTION.url_refusal(url.replace("http:", "https:")) == refusal


@pytest.mark.parametrize(
    "url",
    [
        "http://tps.example.id/plp/events",
        "https://tps.example.id:8443/cb?x=1",
        "http://8.8.8.8/cb",
        "http://[2606:4700::1111]/cb",
        "http://[::ffff:8.8.8.8]/cb",
    ],
)
def test_public_hosts_and_names_pass(url: str) -> None:
    assert TEST.url_refusal(url) is None and DEMO.url_refusal(url) is None


@pytest.mark.parametrize(
    "url", ["http://user:pass@tps.example.id/", "http://user@tps.example.id/", "http://:p@x.id/"]
)
def test_credentials_are_refused_in_every_mode(url: str) -> None:
    for policy in (TEST, DEMO, PRODUCTION):
        refusal = policy.url_refusal(url.replace("http:", "https:"))
        assert refusal is not None and "credentials" in refusal


def test_production_calls_https_only_and_no_scheme_but_http_or_https_passes() -> None:
    assert PRODUCTION.url_refusal("http://tps.example.id/") == "a callback URL must use https"
    assert PRODUCTION.url_refusal("https://tps.example.id/") is None
    for url in ("ftp://tps.example.id/", "file:///etc/passwd", "gopher://x.id/"):
        assert TEST.url_refusal(url) == "a callback URL must use http or https"


@pytest.mark.parametrize("url", ["http://1.2.3.4.5/", "http://08.0.0.1/", "http://256.0.0.1/"])
def test_a_numeric_host_that_is_no_address_is_refused(url: str) -> None:
    assert (
        TEST.url_refusal(url) == "the callback URL's host is neither a name nor a valid IP address"
    )


def test_demo_calls_loopback_receivers_and_nothing_else_inward() -> None:
    assert DEMO.url_refusal("http://127.0.0.1:8765/tpka") is None
    assert DEMO.url_refusal("http://[::1]:8765/tpka") is None
    assert DEMO.url_refusal("http://localhost:8765/tpka") is None
    assert DEMO.url_refusal("http://10.0.0.1/") is not None
    assert DEMO.url_refusal("http://169.254.169.254/") is not None
    assert DEMO.url_refusal("http://u:p@127.0.0.1:8765/") is not None


def test_allowed_networks_open_their_addresses_in_every_mode_but_never_metadata() -> None:
    allowed = (ip_network("10.20.0.0/16"), ip_network("127.0.0.0/8"), ip_network("fd00::/8"))
    for mode in ("test", "production"):
        policy = CallbackPolicy.for_mode(mode, allowed)
        assert policy.url_refusal("https://10.20.3.4/cb") is None
        assert policy.url_refusal("https://[::ffff:10.20.3.4]/cb") is None
        assert policy.url_refusal("https://127.0.0.1:9000/cb") is None
        assert policy.url_refusal("https://10.21.0.1/cb") is not None
        assert policy.url_refusal("https://[fd00:ec2::254]/") is not None  # metadata
    wide = CallbackPolicy.for_mode("test", (ip_network("0.0.0.0/0"),))
    assert wide.address_refusal(ip_address("169.254.169.254")) == "cloud metadata"


def test_host_address_reads_what_resolvers_read() -> None:
    loopback = ip_address("127.0.0.1")
    for host in ("0x7f000001", "2130706433", "127.1", "0177.0.0.1", "0x7f.1", "017700000001"):
        assert host_address(host) == loopback, host
    assert host_address("tps.example.id") is None
    assert host_address("1e100.net") is None
