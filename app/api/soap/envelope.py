"""SOAP 1.1 and 1.2 envelopes: lenient in (any prefix, qualified or unqualified children,
rpc/encoded attributes), exact out (ASMX: `soap:` prefix, escaped result, matching version)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from lxml import etree

from app.api.soap import xml_safety
from app.api.soap.errors import SoapFaultError

TNS = "http://services.beacukai.go.id/"


class SoapVersion(Enum):
    V11 = ("http://schemas.xmlsoap.org/soap/envelope/", "text/xml; charset=utf-8")
    V12 = ("http://www.w3.org/2003/05/soap-envelope", "application/soap+xml; charset=utf-8")

    @property
    def namespace(self) -> str:
        return self.value[0]

    @property
    def content_type(self) -> str:
        return self.value[1]


_BY_NAMESPACE = {v.namespace: v for v in SoapVersion}


@dataclass(frozen=True)
class SoapCall:
    """One operation call: its name and string parameters, keyed by lower-cased local name
    (clients disagree on `UserName`/`Username`/`Kd_asp`/`Kd_ASP`)."""

    version: SoapVersion
    operation: str
    params: dict[str, str]
    nodes: dict[str, etree._Element] = field(default_factory=dict)  # unescaped XML parameters

    def get(self, name: str) -> str:
        return self.params.get(name.lower(), "").strip()


def version_for(content_type: str | None) -> SoapVersion:
    """A guess from the HTTP header, for Faults about bodies that are not envelopes."""
    return SoapVersion.V12 if "soap+xml" in (content_type or "").lower() else SoapVersion.V11


def parse(body: bytes, content_type: str | None) -> SoapCall:
    """The call in an envelope; SoapFaultError when there is none or it is unsafe."""
    guess = version_for(content_type)
    try:
        root = xml_safety.parse(body)
    except xml_safety.UnsafeXmlError as exc:
        raise SoapFaultError(f"XML refused: {exc}") from exc
    except xml_safety.NotXmlError as exc:
        raise SoapFaultError(f"the request is not well-formed XML: {exc}") from exc
    namespace, _, name = root.tag.rpartition("}") if isinstance(root.tag, str) else ("", "", "")
    version = _BY_NAMESPACE.get(namespace.lstrip("{"))
    if version is None or name != "Envelope":
        raise SoapFaultError(f"not a SOAP 1.1 or 1.2 Envelope (client sent {guess.name})")
    body_el = next((c for c in root if xml_safety.local_name(c.tag) == "Body"), None)
    operation = None
    if body_el is not None:
        operation = next((c for c in body_el if isinstance(c.tag, str)), None)
    if operation is None:
        raise SoapFaultError("the SOAP Body holds no operation element")
    params: dict[str, str] = {}
    nodes: dict[str, etree._Element] = {}
    for child in operation:
        key = xml_safety.local_name(child.tag).lower()
        if not key:
            continue
        params[key] = child.text or ""
        inner = next((c for c in child if isinstance(c.tag, str)), None)
        if inner is not None and not params[key].strip():  # an fStream sent as raw XML
            nodes[key] = inner
    return SoapCall(version, xml_safety.local_name(operation.tag), params, nodes)


_ENVELOPE = (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{ns}" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>{body}</soap:Body></soap:Envelope>'
)


def escape(text: str) -> str:
    """Entity-escape text content as ASMX does: &, < and >; quotes stay raw (clients decode
    with str_replace and regexes)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def result(version: SoapVersion, operation: str, text: str) -> bytes:
    body = (
        f'<{operation}Response xmlns="{TNS}"><{operation}Result>{escape(text)}'
        f"</{operation}Result></{operation}Response>"
    )
    return _ENVELOPE.format(ns=version.namespace, body=body).encode("utf-8")


def fault(version: SoapVersion, message: str, sender: bool = True) -> bytes:
    if version is SoapVersion.V11:
        code = "soap:Client" if sender else "soap:Server"
        body = (
            f"<soap:Fault><faultcode>{code}</faultcode><faultstring>{escape(message)}"
            "</faultstring><detail /></soap:Fault>"
        )
    else:
        code = "soap:Sender" if sender else "soap:Receiver"
        body = (
            f"<soap:Fault><soap:Code><soap:Value>{code}</soap:Value></soap:Code><soap:Reason>"
            f'<soap:Text xml:lang="en">{escape(message)}</soap:Text></soap:Reason>'
            "<soap:Detail /></soap:Fault>"
        )
    return _ENVELOPE.format(ns=version.namespace, body=body).encode("utf-8")
