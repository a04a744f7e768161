"""Our WSDL (contracts/tps-online.wsdl): the operations and parameters it declares, and the
document as served, with the address the client reached us on."""

from __future__ import annotations

from functools import cache

from app.api.http import contract_files as contracts
from app.api.soap import xml_safety

FILE = "tps-online.wsdl"
PLACEHOLDER = "http://plp-online.invalid/tps/service.asmx"  # RFC 2606: never reachable
_XSD = "{http://www.w3.org/2001/XMLSchema}"


@cache
def operations() -> dict[str, tuple[str, ...]]:
    """Each operation's parameter names, in the WSDL's order and casing."""
    root = xml_safety.parse(contracts.text(FILE).encode("utf-8"))
    found: dict[str, tuple[str, ...]] = {}
    schema = next(root.iter(f"{_XSD}schema"))
    for element in schema.iterchildren(f"{_XSD}element"):
        name = element.get("name", "")
        if not name.endswith("Response"):
            found[name] = tuple(e.get("name", "") for e in element.iter(f"{_XSD}element"))[1:]
    return found


def served(location: str) -> str:
    """PHP SoapClient posts to soap:address, not to the URL it read the WSDL from."""
    safe = location.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return contracts.text(FILE).replace(PLACEHOLDER, safe)
