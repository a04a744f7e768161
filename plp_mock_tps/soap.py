"""SOAP calls as real TPS software makes them (protocol note 1.2): each flavour copies one
client's wire shape; `zeep` builds the call from the served WSDL instead."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from lxml import etree

from plp_mock_tps.connection import Connection

TNS = "http://services.beacukai.go.id/"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
PATH = "/tps/service.asmx"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class Flavour:
    """How one real client writes the envelope and the HTTP headers."""

    name: str
    soap12: bool
    env_prefix: str  # prefix of the envelope elements
    ns_prefix: str | None  # prefix of the operation and its children; None: default namespace
    soap_action: str | None  # 'quoted', 'plain' or None (no SOAPAction header)
    cdata: bool  # fStream as CDATA instead of entity-escaped


FLAVOURS = {
    "php12": Flavour("php12", True, "env", "ns1", None, False),  # SCFG, php SoapClient 1.2
    "php11": Flavour("php11", False, "SOAP-ENV", "ns1", "quoted", False),  # WMSB
    "java": Flavour("java", False, "S", None, "quoted", False),  # EDII JAX-WS proxy
    "curl": Flavour("curl", False, "soapenv", "ser", None, True),  # NCT1, no SOAPAction
    "odoo": Flavour("odoo", False, "soap", None, "plain", False),  # python requests
}


class SoapClient:
    """Calls operations by name with ordered (parameter, value) pairs; answers the Result."""

    def __init__(self, connection: Connection, flavour: str = "php12") -> None:
        self.connection = connection
        self.flavour_name = flavour
        self._zeep: dict[str, Any] = {}
        self._flavour = None if flavour == "zeep" else FLAVOURS[flavour]

    def call(self, operation: str, params: list[tuple[str, str]]) -> str:
        if self._flavour is None:
            return self._by_zeep(operation, params)
        f = self._flavour
        body = envelope(f, operation, params)
        headers = _headers(f, operation)
        r = self.connection.post_raw(PATH, body.encode(), headers, f"SOAP {operation}")
        if r.status_code != 200:
            raise SoapError(f"{operation}: HTTP {r.status_code} {_fault(r.content)}")
        return result_of(r.content, operation)

    def _by_zeep(self, operation: str, params: list[tuple[str, str]]) -> str:
        service = self._zeep.get("service")
        if service is None:
            service = self._zeep["service"] = zeep_service(self.connection)
        answer = getattr(service, operation)(**dict(params))
        return "" if answer is None else str(answer)


class SoapError(RuntimeError):
    """A Fault or a non-200 answer: the call itself failed (credentials, a broken envelope)."""


def envelope(f: Flavour, operation: str, params: list[tuple[str, str]]) -> str:
    ns = SOAP12 if f.soap12 else SOAP11
    p = f"{f.ns_prefix}:" if f.ns_prefix else ""
    op_ns = f' xmlns:{f.ns_prefix}="{TNS}"' if f.ns_prefix else ""
    default_ns = "" if f.ns_prefix else f' xmlns="{TNS}"'
    children = "".join(f"<{p}{k}>{_value(f, k, v)}</{p}{k}>" for k, v in params)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{f.env_prefix}:Envelope '
        f'xmlns:{f.env_prefix}="{ns}"{op_ns}><{f.env_prefix}:Body>'
        f"<{p}{operation}{default_ns}>{children}</{p}{operation}>"
        f"</{f.env_prefix}:Body></{f.env_prefix}:Envelope>"
    )


def result_of(content: bytes, operation: str) -> str:
    root = etree.fromstring(content, _PARSER)
    found = root.find(f".//{{{TNS}}}{operation}Result")
    if found is None:
        raise SoapError(f"{operation}: no {operation}Result in the answer")
    return found.text or ""


def zeep_service(connection: Connection) -> Any:
    """zeep on the served WSDL; in process through a requests adapter over the httpx client."""
    import requests
    from zeep import Client, Settings
    from zeep.transports import Transport

    session = requests.Session()
    session.mount(connection.url, _adapter(connection))
    client = Client(  # type: ignore[no-untyped-call]
        f"{connection.url}{PATH}?WSDL",
        transport=Transport(session=session),  # type: ignore[no-untyped-call]
        settings=Settings(strict=True),
    )
    return client.bind("TPSServices", "TPSServicesSoap")


def _value(f: Flavour, key: str, value: str) -> str:
    if f.cdata and key == "fStream":
        return f"<![CDATA[{value}]]>"
    return html.escape(value, quote=False)


def _headers(f: Flavour, operation: str) -> dict[str, str]:
    action = f"{TNS}{operation}"
    if f.soap12:
        return {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}
    headers = {"Content-Type": "text/xml; charset=utf-8"}
    if f.soap_action == "quoted":
        headers["SOAPAction"] = f'"{action}"'
    elif f.soap_action == "plain":
        headers["SOAPAction"] = action
    return headers


def _fault(content: bytes) -> str:
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        return content[:200].decode(errors="replace")
    texts = [str(t) for t in root.itertext() if str(t).strip()]
    return " ".join(texts)[:300]


def _adapter(connection: Connection) -> Any:
    """requests -> the connection's httpx client (a live URL or an in-process app)."""
    from requests import PreparedRequest, Response
    from requests.adapters import BaseAdapter
    from requests.structures import CaseInsensitiveDict

    class Adapter(BaseAdapter):
        def send(
            self,
            request: PreparedRequest,
            stream: bool = False,
            timeout: Any = None,
            verify: Any = True,
            cert: Any = None,
            proxies: Any = None,
        ) -> Response:
            path = (request.url or "")[len(connection.url) :]
            body = request.body  # zeep posts the whole envelope at once
            content = body.encode() if isinstance(body, str) else bytes(body or b"")  # type: ignore[arg-type]
            headers = {
                k: v if isinstance(v, str) else v.decode() for k, v in request.headers.items()
            }
            reply = connection.http.request(
                request.method or "POST",
                path,
                content=content,
                headers=headers,
            )
            response = Response()
            response.status_code = reply.status_code
            response._content = reply.content
            response.headers = CaseInsensitiveDict(reply.headers)
            response.url, response.request, response.encoding = request.url or "", request, "utf-8"
            return response

        def close(self) -> None:
            pass

    return Adapter()
