"""More of the XML attack corpus (beside test_soap_attacks.py): encodings that hide a DTD from
a byte scan, XInclude, attribute and namespace floods, SOAP 1.2 and fStream variants. Each is a
Fault or a GAGAL, quickly, reads no file, and stores nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from tests.integration.soap.soap_support import SOAP11, SOAP12, TNS, envelope, loadplp, ref
from tests.reporting import report
from tests.support import make_api

LOGIN = [("Username", "tpka"), ("Password", "tpka-demo")]
PASSWD = "file:///etc/passwd"


def _utf7_xxe() -> bytes:
    doctype = f'<!DOCTYPE e [<!ENTITY x SYSTEM "{PASSWD}">]>'
    body = envelope("GetResponPLP", [("UserName", "tpka")]).split("?>", 1)[1]
    utf7 = (doctype + body.replace("tpka", "&x;")).encode("utf-7")
    return b'<?xml version="1.0" encoding="UTF-7"?>' + utf7


def _fstream(inner: str) -> bytes:
    return envelope("UploadMohonPLP", [("fStream", inner), *LOGIN]).encode()


ATTACKS: dict[str, tuple[bytes, str]] = {  # name -> (body, content type)
    "utf7_hidden_doctype": (_utf7_xxe(), "text/xml"),
    "utf16_body": (envelope("GetResponPLP", LOGIN).encode("utf-16"), "text/xml"),
    "ebcdic_body": (envelope("GetResponPLP", LOGIN).encode("cp037"), "text/xml"),
    "xinclude": (
        envelope("GetResponPLP", [])
        .replace(
            "<GetResponPLP",
            f'<GetResponPLP xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{PASSWD}"'
            ' parse="text"/></GetResponPLP><Ignored',
        )
        .encode(),
        "text/xml",
    ),
    "attribute_flood": (
        envelope("GetResponPLP", LOGIN)
        .replace("<soap:Body>", "<soap:Body " + " ".join(f'a{i}="x"' for i in range(60_000)) + ">")
        .encode(),
        "text/xml",
    ),
    "namespace_flood": (
        envelope("GetResponPLP", LOGIN)
        .replace(
            "<soap:Body>",
            "<soap:Body " + " ".join(f'xmlns:n{i}="u{i}"' for i in range(60_000)) + ">",
        )
        .encode(),
        "text/xml",
    ),
    "soap12_xxe": (
        (
            f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{PASSWD}">]>'
            f'<env:Envelope xmlns:env="{SOAP12}"><env:Body><GetResponPLP xmlns="{TNS}">'
            "<UserName>&x;</UserName></GetResponPLP></env:Body></env:Envelope>"
        ).encode(),
        "application/soap+xml",
    ),
    "fstream_cdata_doctype": (
        (
            f'<?xml version="1.0"?><soap:Envelope xmlns:soap="{SOAP11}"><soap:Body>'
            f'<UploadMohonPLP xmlns="{TNS}"><fStream><![CDATA[<!DOCTYPE d [<!ENTITY x SYSTEM '
            f'"{PASSWD}">]><DOCUMENT>&x;</DOCUMENT>]]></fStream><Username>tpka</Username>'
            "<Password>tpka-demo</Password></UploadMohonPLP></soap:Body></soap:Envelope>"
        ).encode(),
        "text/xml",
    ),
    "fstream_element_flood": (_fstream("<DOCUMENT>" + "<X/>" * 60_000 + "</DOCUMENT>"), "text/xml"),
    "fstream_utf7_declaration": (
        _fstream('<?xml version="1.0" encoding="UTF-7"?>' + loadplp(ref(), [], declaration=False)),
        "text/xml",
    ),
    "processing_instruction": (
        envelope("GetResponPLP", LOGIN)
        .replace("?>", '?><?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/x.xsl"?>', 1)
        .encode(),
        "text/xml",
    ),
}


IGNORED = {"processing_instruction"}


@pytest.fixture
def client_and_url(sqlite_url: str) -> Iterator[tuple[object, str]]:
    with make_api(sqlite_url) as client:
        client.post("/tps/service.asmx", content=b"warm-up", headers={"Content-Type": "text/xml"})
        yield client, sqlite_url


@pytest.mark.parametrize("name", list(ATTACKS))
def test_xml_attack_is_refused_and_reads_nothing(
    name: str, client_and_url: tuple[object, str]
) -> None:
    client, url = client_and_url
    body, content_type = ATTACKS[name]
    reply = client.post(  # type: ignore[attr-defined]
        "/tps/service.asmx", content=body, headers={"Content-Type": content_type}
    )
    answer = reply.text
    assert "root:" not in answer and "/bin/" not in answer
    if name in IGNORED:  # parsed with the construct dropped: a normal answer, nothing fetched
        assert reply.status_code == 200
    else:
        assert reply.status_code == 500 or "GAGAL" in answer.upper()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plp_request")).scalar_one() == 0
    engine.dispose()


def test_the_corpus_size_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.integration.soap.test_soap_attacks import BODIES

    report(capsys, f"XML attack corpus: {len(BODIES) + len(ATTACKS)} attacks tried")
    assert len(ATTACKS) >= 10
