"""One hardened lxml parser for every XML document that comes from outside: the SOAP envelope
and the fStream inside it. No DTD, no entities, no network, bounded size, nodes and depth."""

from __future__ import annotations

import re
import threading

from lxml import etree

MAX_NODES = 50_000  # '<' characters: an upper bound of elements, counted before parsing
# '=' characters: an upper bound of attributes and namespace declarations, which libxml2 checks
# for duplicates in quadratic-ish time (300,000 on one element: seconds of CPU; issue 8).
MAX_ATTRIBUTES = 50_000
# libxml2 without XML_PARSE_HUGE (huge_tree=False) stops at depth 256 and caps text nodes at
# 10 MB; the body size limit of the route comes first anyway.
_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_local = threading.local()  # lxml parsers must not be shared between threads


class UnsafeXmlError(Exception):
    """Refused without parsing (or stopped by the parser's limits): a protocol error."""


class NotXmlError(Exception):
    """Not well-formed XML."""


def parser() -> etree.XMLParser:
    """The one parser configuration, one instance per thread."""
    found: etree.XMLParser | None = getattr(_local, "parser", None)
    if found is None:
        found = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            dtd_validation=False,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        _local.parser = found
    return found


def parse(data: bytes) -> etree._Element:
    """The root element of a document, or UnsafeXmlError / NotXmlError."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise UnsafeXmlError("only UTF-8 (or an ASCII-compatible encoding) is accepted")
    if _DECLARATIONS.search(data):
        raise UnsafeXmlError("a DTD or entity declaration is not accepted")
    if data.count(b"<") > MAX_NODES:
        raise UnsafeXmlError(f"more than {MAX_NODES} elements")
    if data.count(b"=") > MAX_ATTRIBUTES:
        raise UnsafeXmlError(f"more than {MAX_ATTRIBUTES} attributes")
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        if "depth" in message.lower() or "huge" in message.lower():
            raise UnsafeXmlError("the document is nested too deeply") from exc
        raise NotXmlError(message) from exc
    if getattr(
        root.getroottree().docinfo, "doctype", ""
    ):  # declarations in an encoding the scan missed
        raise UnsafeXmlError("a DTD is not accepted")
    return root


def parse_text(text: str) -> etree._Element:
    """An XML document carried as a string (fStream): its declaration, if any, is dropped
    because the text is already decoded, whatever encoding the declaration names."""
    return parse(_XML_DECL.sub("", text.lstrip("\ufeff"), count=1).encode("utf-8"))


def local_name(tag: object) -> str:
    """The tag without its namespace; '' for comments and processing instructions."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
