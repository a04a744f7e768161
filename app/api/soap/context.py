"""What the SOAP operations need from the outside: the domain's ports and a credential check,
handed in by the API layer (this adapter imports no other adapter)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from app.api.http.channel_ports import ChannelPorts
from app.api.soap import xml_safety
from app.api.soap.envelope import SoapCall
from app.api.soap.errors import MalformedDocumentError, MissingElementError, SoapFaultError
from app.domain.actor import Actor
from app.domain.errors import AuthenticationError
from app.domain.ports.accounts import PasswordChanges


@dataclass(frozen=True)
class SoapContext(ChannelPorts):
    authenticate: Callable[[str, str], Actor]  # AuthenticationError when wrong
    passwords: PasswordChanges | None = None  # GantiPassword; None: not served

    def actor(self, call: SoapCall) -> Actor:
        """The TPS account named on the call: every legacy call carries its credentials."""
        try:
            return self.authenticate(call.get("username"), call.params.get("password", ""))
        except AuthenticationError as exc:
            raise SoapFaultError("Username atau password salah (invalid credentials)") from exc


def fstream(call: SoapCall) -> etree._Element:
    """The fStream document, escaped or in CDATA (a string) or sent as raw child XML."""
    node = call.nodes.get("fstream")
    if node is not None:
        return node
    text = call.params.get("fstream", "")
    if not text.strip():
        raise MissingElementError("fStream is missing or empty", "fStream")
    try:
        return xml_safety.parse_text(text)
    except xml_safety.UnsafeXmlError as exc:
        raise SoapFaultError(f"fStream refused: {exc}") from exc
    except xml_safety.NotXmlError as exc:
        raise MalformedDocumentError(f"fStream is not well-formed XML: {exc}", "fStream") from exc
