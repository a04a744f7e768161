"""The attack corpus: every unsafe body is answered with a Fault, with bounded memory,
and nothing is stored."""

from __future__ import annotations

import html
import resource
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from tests.integration.soap.soap_support import SOAP11, TNS, envelope, loadplp, ref
from tests.support import make_api

XXE = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<soap:Envelope xmlns:soap="{SOAP11}"><soap:Body><GetResponPLP xmlns="{TNS}">'
    "<UserName>&x;</UserName><Password>tpka-demo</Password></GetResponPLP></soap:Body>"
    "</soap:Envelope>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">' for i in range(9)
    )
    + f']><soap:Envelope xmlns:soap="{SOAP11}"><soap:Body><GetResponPLP xmlns="{TNS}">'
    "<UserName>&lol9;</UserName></GetResponPLP></soap:Body></soap:Envelope>"
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?><!DOCTYPE soap:Envelope SYSTEM "http://127.0.0.1:9/evil.dtd">'
    + envelope("GetResponPLP", [("UserName", "tpka"), ("Password", "tpka-demo")])[38:]
)
DEEP = envelope("GetResponPLP", [("UserName", "tpka")]).replace(
    "<UserName>", "<UserName>" + "<a>" * 100_000 + "</a>" * 100_000
)
DEEP_BUT_FEW = envelope("GetResponPLP", [("UserName", "tpka")]).replace(
    "<UserName>", "<UserName>" + "<a>" * 300 + "</a>" * 300
)


def _xxe_in_fstream() -> str:
    inner = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    inner += loadplp(ref(), [("MSKU1001373", "20")], declaration=False).replace(
        "BUDI SANTOSO", "&x;"
    )
    return envelope(
        "UploadMohonPLP", [("fStream", inner), ("Username", "tpka"), ("Password", "tpka-demo")]
    )


_CREDENTIALS = envelope("GetResponPLP", [("UserName", "X"), ("Password", "tpka-demo")])
BODIES: dict[str, str | bytes] = {
    "xxe_external_entity": XXE,
    "billion_laughs": LAUGHS,
    "external_dtd": EXTERNAL_DTD,
    "nesting_100k_deep": DEEP,
    "nesting_past_the_parser_depth": DEEP_BUT_FEW,
    "xxe_inside_the_fstream": _xxe_in_fstream(),
    "not_xml": "this is not XML",
    "not_an_envelope": "<Envelope><Body/></Envelope>",
    "unknown_operation": envelope("DropAllTables", [("UserName", "tpka")]),
    # a lone surrogate is no XML character (XML 1.0 Char): written as a reference or encoded
    "lone_surrogate_reference": _CREDENTIALS.replace(">X<", ">tp&#xD800;ka<"),
    "lone_surrogate_encoded": _CREDENTIALS.encode().replace(b">X<", b">tp\xed\xa0\x80ka<"),
}


@pytest.fixture
def app_and_db(sqlite_url: str) -> Iterator[tuple[object, object]]:
    with make_api(sqlite_url) as client:
        yield client, create_engine(sqlite_url)


def _stored(engine: object) -> int:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(text("SELECT count(*) FROM plp_request")).scalar_one())


@pytest.mark.parametrize("name", list(BODIES))
def test_attack_is_a_fault_quickly_and_nothing_is_stored(
    name: str, app_and_db: tuple[object, object]
) -> None:
    client, engine = app_and_db
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    reply = client.post(  # type: ignore[attr-defined]
        "/tps/service.asmx", content=BODIES[name], headers={"Content-Type": "text/xml"}
    )
    assert reply.status_code == 500, reply.text[:300]
    assert reply.headers["content-type"] == "text/xml; charset=utf-8"
    assert "<faultcode>soap:Client</faultcode>" in reply.text
    assert "root:" not in reply.text and "lollollol" not in reply.text
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB
    assert _stored(engine) == 0


def test_a_50_mb_body_is_refused_before_it_is_read(app_and_db: tuple[object, object]) -> None:
    client, engine = app_and_db
    body = envelope("UploadMohonPLP", [("fStream", "x" * (50 * 1024 * 1024))])
    reply = client.post(  # type: ignore[attr-defined]
        "/tps/service.asmx", content=body, headers={"Content-Type": "application/soap+xml"}
    )
    assert reply.status_code == 413
    assert reply.headers["content-type"] == "application/soap+xml; charset=utf-8"
    assert "<soap:Value>soap:Sender</soap:Value>" in reply.text and "larger than" in reply.text
    assert _stored(engine) == 0


def test_a_streamed_oversized_body_is_cut_off_with_a_fault(
    app_and_db: tuple[object, object],
) -> None:
    client, engine = app_and_db

    def chunks() -> Iterator[bytes]:
        yield envelope("UploadMohonPLP", [])[:-40].encode()
        for _ in range(50):
            yield b"x" * (1024 * 1024)

    reply = client.post(  # type: ignore[attr-defined]
        "/tps/service.asmx", content=chunks(), headers={"Content-Type": "text/xml"}
    )
    assert reply.status_code == 413 and "<soap:Fault>" in reply.text
    assert _stored(engine) == 0


def test_escaped_markup_in_values_never_becomes_markup(app_and_db: tuple[object, object]) -> None:
    client, _ = app_and_db
    sneaky = html.escape("<UserName>tpka</UserName>", quote=False)
    reply = client.post(  # type: ignore[attr-defined]
        "/tps/service.asmx",
        content=envelope("GetResponPLP", [("UserName", sneaky), ("Password", "tpka-demo")]),
        headers={"Content-Type": "text/xml"},
    )
    assert reply.status_code == 500 and "password salah" in reply.text


def test_a_lone_surrogate_in_an_fstream_is_gagal_001_and_nothing_is_stored(
    app_and_db: tuple[object, object],
) -> None:
    """The document inside is XML too: its parser refuses the character, the upload answers
    GAGAL 001 naming it (as for any malformed fStream), and nothing reaches the database."""
    client, engine = app_and_db
    inner = loadplp(ref(), [("MSKU1001373", "20")]).replace("BUDI SANTOSO", "BUDI &#xD800;")
    reply = client.post(  # type: ignore[attr-defined]
        "/tps/service.asmx",
        content=envelope(
            "UploadMohonPLP", [("fStream", inner), ("Username", "tpka"), ("Password", "tpka-demo")]
        ),
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{TNS}UploadMohonPLP"'},
    )

    assert reply.status_code == 200, reply.text[:300]
    assert "&lt;KD_RES&gt;001&lt;/KD_RES&gt;" in reply.text
    assert "invalid xmlChar value 55296" in reply.text
    assert _stored(engine) == 0
