"""What a message of any channel means to the conformance pack (issue 17): its protocol, its
wire operation, its action in the procedure, the REF_NUMBER, containers and gate details it
carries, and who sent it. Read with regular expressions over the raw bytes: the tap must not
parse a body twice on the hot path, and a broken body is evidence too."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from app.domain.conformance.model import Action, Protocol

SOAP_PATH = "/tps/service.asmx"
H2H_PREFIX = "/h2h/v1/"
REST_PREFIX = "/api/v1/"
# the pack's own controls and the test-mode helpers are not the client's protocol messages
NOT_OBSERVED = ("/api/v1/conformance", "/api/v1/simulation", "/api/v1/test")

SOAP_ACTIONS: dict[str, Action] = {
    "UploadMohonPLP": Action.SUBMIT,
    "PermohonanPLP": Action.SUBMIT,
    "UploadBatalPLP": Action.CANCEL,
    "GetResponPLP": Action.POLL_RESPONSE,
    "GetResponPLPTujuan": Action.POLL_DESTINATION,
    "GetResponPLP_Tujuan": Action.POLL_DESTINATION,
    "GetResponBatalPLP": Action.POLL_CANCELLATION,
    "GetResponBatalPLPTujuan": Action.POLL_CANCELLATION,
    "GetResponPlp_onDemands": Action.ON_DEMAND,
    "GetResponBatalPlp_onDemands": Action.ON_DEMAND,
    "CoarriCodeco_Container": Action.GATE_REPORT,
    "CoarriCodeco_Kemasan": Action.GATE_REPORT,
    "GantiPassword": Action.CHANGE_PASSWORD,
}
H2H_ACTIONS: dict[str, Action] = {
    "login": Action.LOGIN,
    "upload-mohon-plp": Action.SUBMIT,
    "permohonan-plp": Action.SUBMIT,
    "upload-batal-plp": Action.CANCEL,
    "get-respon-plp": Action.POLL_RESPONSE,
    "get-respon-plp-v2": Action.POLL_RESPONSE,
    "get-respon-plp-tujuan": Action.POLL_DESTINATION,
    "get-respon-plp-tujuan-v2": Action.POLL_DESTINATION,
    "get-respon-batal-plp": Action.POLL_CANCELLATION,
    "get-respon-batal-plp-tujuan": Action.POLL_CANCELLATION,
    "get-respon-plp-on-demand": Action.ON_DEMAND,
    "get-respon-batal-plp-on-demand": Action.ON_DEMAND,
    "coarri-codeco-container": Action.GATE_REPORT,
    "coarri-codeco-kemasan": Action.GATE_REPORT,
    "ganti-password": Action.CHANGE_PASSWORD,
}
# (method, path ending) of REST, most specific first
REST_ACTIONS: tuple[tuple[str, str, Action], ...] = (
    ("POST", "/auth/token", Action.LOGIN),
    ("POST", "/auth/password", Action.CHANGE_PASSWORD),
    ("POST", "/out-of-hours-notices", Action.OUT_OF_HOURS_NOTICE),
    ("POST", "/cancellation", Action.CANCEL),
    ("POST", "/gate-out", Action.GATE_REPORT),
    ("POST", "/gate-in", Action.GATE_REPORT),
    ("POST", "/gate-reports", Action.GATE_REPORT),
    ("POST", "/plp-requests", Action.SUBMIT),
)
# wire names (XML tags, JSON keys; compared upper-cased without "_") -> the canonical name the
# grading reads in Observed.details; REF_NUMBER and CONTAINERS fill their own fields
ALIASES: dict[str, str] = {
    "REFNUMBER": "REF_NUMBER",
    "NOMORREFERENCE": "REF_NUMBER",
    "REFNUMBERPLP": "REF_NUMBER",
    "REFERENSINOMOR": "REF_NUMBER",  # H2H cancellation answers
    "NOMORBC11": "no_bc11",
    "NOCONT": "CONTAINERS",
    "CONTAINER": "CONTAINERS",
    "CONTAINERSNUMBER": "CONTAINERS",
    "NOMORKONTAINER": "CONTAINERS",
    "KDKANTOR": "kd_kantor",
    "KODEKANTOR": "kd_kantor",
    "OFFICECODE": "kd_kantor",
    "KDTPSASAL": "kd_tps_asal",
    "KODETPSASAL": "kd_tps_asal",
    "ORIGINTPS": "kd_tps_asal",
    "KDTPSTUJUAN": "kd_tps_tujuan",
    "KODETPSTUJUAN": "kd_tps_tujuan",
    "DESTINATIONTPS": "kd_tps_tujuan",
    "GUDANGASAL": "gudang_asal",
    "KODEGUDANGASAL": "gudang_asal",
    "ORIGINGUDANG": "gudang_asal",
    "GUDANGTUJUAN": "gudang_tujuan",
    "KODEGUDANGTUJUAN": "gudang_tujuan",
    "DESTINATIONGUDANG": "gudang_tujuan",
    "NOBC11": "no_bc11",
    "BC11NUMBER": "no_bc11",
    "TGLBC11": "tgl_bc11",
    "TANGGALBC11": "tgl_bc11",
    "BC11DATE": "tgl_bc11",
    "NOPLP": "no_plp",
    "NOMORPLP": "no_plp",
    "PLPNUMBER": "no_plp",
    "KDDOK": "kd_dok",
    "KODEDOKUMEN": "kd_dok",
    "KDDOKINOUT": "kd_dok_inout",
    "KODEDOKUMENINOUT": "kd_dok_inout",
    "NODOKINOUT": "no_dok_inout",
    "NOMORDOKUMENINOUT": "no_dok_inout",
    "DOCUMENTNUMBER": "no_dok_inout",
    "NOSEGEL": "seals",
    "NOSEGELBC": "seals",
    "NOMORSEGEL": "seals",
    "NOMORSEGELBC": "seals",
    "SEALNUMBERS": "seals",
    "WKINOUT": "gate_times",
    "WAKTUINOUT": "gate_times",
    "AT": "gate_times",
    "PASSWORDBARU": "new_password",
    "NEWPASSWORD": "new_password",
}
ALIGNED = frozenset({"seals", "gate_times"})  # one entry per container, repeats kept
MASKED = frozenset({"new_password"})  # only whether it was sent is kept
_SOAP_OP = re.compile(rb"<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([A-Za-z_][\w]*)")
_XML_FIELD = re.compile(r"<(?:[\w.-]+:)?([A-Za-z_][\w]*)>([^<]{1,200})</")
_ESCAPED_XML = re.compile(r"&lt;([A-Za-z_][\w]*)&gt;([^&]{1,200})&lt;/")
_SOAP_USER = re.compile(rb"<(?:[\w.-]+:)?(?:UserName|Username|username)>([^<]{1,64})</")
WIB = ZoneInfo("Asia/Jakarta")  # DJBC's wire times without an offset are Jakarta time


@dataclass(frozen=True)
class Wire:
    """A request as the tap reads it."""

    protocol: Protocol
    operation: str
    action: Action
    ref_number: str | None = None
    containers: tuple[str, ...] = ()
    details: Mapping[str, str] = field(default_factory=dict)


def observed_path(path: str) -> bool:
    if path.startswith(NOT_OBSERVED):
        return False
    return path == SOAP_PATH or path.startswith((H2H_PREFIX, REST_PREFIX))


def read(method: str, path: str, content_type: str, query: str, body: bytes) -> Wire:
    if path == SOAP_PATH:
        return _soap(content_type, body)
    if path.startswith(H2H_PREFIX):
        name = path.rstrip("/").rsplit("/", 1)[-1]
        action = H2H_ACTIONS.get(name, Action.LOOKUP if method == "GET" else Action.OTHER)
        return _fields(Protocol.H2H, name, action, _json_fields(body, query))
    found = (a for m, end, a in REST_ACTIONS if m == method and path.rstrip("/").endswith(end))
    action = next(found, None) or _rest_read(method, path, query)
    return _fields(Protocol.REST, f"{method} {path}", action, _json_fields(body, query))


def username(path: str, body: bytes, content_type: str) -> str | None:
    """The account a login or a SOAP call names (bearer tokens are read by the tap)."""
    if path == SOAP_PATH:
        found = _SOAP_USER.search(body)
        return found.group(1).decode("utf-8", "replace").strip() if found else None
    fields = _json_fields(body, "") if "json" in content_type else _form(body)
    name = fields.get("USERNAME") or fields.get("USER") or fields.get("USER_NAME")
    return name[0] if name else None


def result_of(reply: bytes, status: int) -> str:
    """A short summary of the answer: the SOAP result string, an H2H code, a problem type."""
    text = reply[:4000].decode("utf-8", "replace")
    match = re.search(r"<(?:[\w.-]+:)?\w+Result>([^<]{0,200})", text)
    if match:
        return match.group(1).strip()
    try:
        doc = json.loads(reply) if reply[:1] in (b"{", b"[") else None
    except ValueError:
        doc = None
    if isinstance(doc, dict):
        if doc.get("status") == "REJECTED":  # REST: refused on arrival (E1-E7), still a 201
            return "REJECTED " + ",".join(str(f.get("rule")) for f in _findings(doc))
        said = [str(doc[k]) for k in ("code", "type", "detail") if _plain(doc.get(k))]
        if said:
            return " ".join(said)[:200]
    return f"HTTP {status}"


def says_duplicate(reply: str) -> bool:
    """The answer says the REF_NUMBER was used before (H2H duplicate_reference, REST 409)."""
    text = reply.lower()
    return "sudah pernah digunakan" in text or "already used" in text


def says_manual(reply: str) -> bool:
    """The answer says the office works on the manual procedure (F2), on any channel."""
    text = reply.lower()
    return "manual" in text and ("procedure" in text or "prosedur" in text or "f2" in text)


def goods_digest(read: Wire) -> str:
    """The document without its own numbers (REF_NUMBER, letter): equal digests mean the same
    goods sent again unchanged (PLP-08)."""
    keys = ("kd_kantor", "kd_tps_asal", "kd_tps_tujuan", "gudang_tujuan", "no_bc11", "tgl_bc11")
    parts = [read.details.get(k, "") for k in keys] + sorted(read.containers)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


_SECRET_XML = re.compile(r"(<(?:[\w.-]+:)?(?:Password\w*)>)[^<]*(</)", re.IGNORECASE)
_SECRET_JSON = re.compile(r'("(?:\w*password\w*|confirmation)"\s*:\s*")[^"]*(")', re.IGNORECASE)
_SECRET_FORM = re.compile(r"((?:^|&)\w*password\w*=)[^&]*", re.IGNORECASE)


def masked(text: str) -> str:
    """Credentials never reach the evidence."""
    text = _SECRET_JSON.sub(r"\1***\2", _SECRET_XML.sub(r"\1***\2", text))
    return _SECRET_FORM.sub(r"\1***", text)


def _findings(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found = doc.get("findings")
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []


def _plain(value: Any) -> bool:
    return value is not None and not isinstance(value, dict | list)


POLLS = frozenset(
    {Action.POLL_RESPONSE, Action.POLL_DESTINATION, Action.POLL_CANCELLATION, Action.ON_DEMAND}
)
_POLL_REFUSALS = ("gagal", "tidak valid", "tidak boleh", "tidak berhak")
_REFUSALS = (*_POLL_REFUSALS, "sudah pernah", "ditolak", "rejected")


def outcome(action: Action, status: int | None, result: str, handed: list[str]) -> str:
    """accepted / refused / empty / failed, as app/domain/conformance/evidence.py reads them."""
    text = result.lower()
    if status is None:
        return "accepted"  # the reply was dropped after the work was committed
    if status >= 500:
        return "failed"
    if status >= 400:
        return "refused"
    if action in POLLS:  # a poll hands over (or not): the answer's own words may say REJECTED
        if handed:
            return "accepted"
        if any(word in text for word in _POLL_REFUSALS):
            return "refused"
        empty = "tidak ditemukan" in text or action is not Action.ON_DEMAND
        return "empty" if empty else "accepted"
    return "refused" if any(word in text for word in _REFUSALS) else "accepted"


def delivered(action_protocol: Protocol, reply: bytes, destination: bool) -> list[str]:
    """What a poll's answer handed over: REF_NUMBERs (NO_PLPs for destination responses)."""
    if action_protocol in (Protocol.SOAP11, Protocol.SOAP12):
        fields = _xml_fields(reply.decode("utf-8", "replace"))
    else:
        fields = _json_fields(reply, "")
    wanted = "no_plp" if destination else "REF_NUMBER"
    found: list[str] = []
    for key, values in fields.items():
        if ALIASES.get(key.replace("_", "").replace(".", "")) == wanted:
            found.extend(v for v in values if v)
    return list(dict.fromkeys(found))


def _xml_fields(text: str) -> dict[str, list[str]]:
    pairs = list(_XML_FIELD.findall(text)) + list(_ESCAPED_XML.findall(text))
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name.upper(), []).append(value.strip())
    return fields


def _soap(content_type: str, body: bytes) -> Wire:
    protocol = Protocol.SOAP12 if "soap+xml" in content_type else Protocol.SOAP11
    found = _SOAP_OP.search(body)
    operation = found.group(1).decode() if found else "?"
    action = SOAP_ACTIONS.get(operation)
    if action is None:
        action = Action.LOOKUP if operation.startswith("Get") else Action.OTHER
    return _fields(protocol, operation, action, _xml_fields(body.decode("utf-8", "replace")))


def _rest_read(method: str, path: str, query: str) -> Action:
    if method != "GET":
        return Action.OTHER
    if path.rstrip("/").endswith("/plp-requests"):  # `side=` names a poll's purpose
        if "destination" in query:
            return Action.POLL_DESTINATION
        return Action.POLL_CANCELLATION if "cancellation" in query else Action.POLL_RESPONSE
    if "/plp-requests/" in path:
        return Action.ON_DEMAND
    return Action.LOOKUP


def _fields(
    protocol: Protocol, operation: str, action: Action, fields: Mapping[str, list[str]]
) -> Wire:
    named: dict[str, list[str]] = {}
    for key, values in fields.items():
        canonical = ALIASES.get(key.replace("_", "").replace(".", ""))
        if canonical:
            named.setdefault(canonical, []).extend(v for v in values if v)
    refs = named.pop("REF_NUMBER", None) or []
    ref = refs[0] if refs else None
    containers = tuple(dict.fromkeys(c.upper() for c in named.pop("CONTAINERS", ())))
    for key, normalise in NORMALISED.items():
        if key in named:
            named[key] = [normalise(v) for v in named[key]]
    details = {k: ",".join(v if k in ALIGNED else dict.fromkeys(v)) for k, v in named.items() if v}
    for key in MASKED & details.keys():
        details[key] = "***"
    return Wire(protocol, operation, action, ref, containers, details)


def iso_day(text: str) -> str:
    """YYYYMMDD (SOAP) or dd-MM-yyyy (H2H) as an ISO date; anything else as sent."""
    for pattern in ("%Y%m%d", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=WIB).date().isoformat()
        except ValueError:
            continue
    return text


def iso_moment(text: str) -> str:
    """WK_INOUT as sent (YYYYMMDDHHMMSS or dd-MM-yyyy HH:mm:ss, Jakarta time, or ISO 8601
    with an offset) as ISO 8601 with its offset; anything else as sent."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value)
        return (moment if moment.tzinfo else moment.replace(tzinfo=WIB)).isoformat()
    except ValueError:
        pass
    for pattern in ("%Y%m%d%H%M%S", "%d-%m-%Y %H:%M:%S"):
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=WIB).isoformat()
        except ValueError:
            continue
    return text


NORMALISED = {"tgl_bc11": iso_day, "gate_times": iso_moment}


def _json_fields(body: bytes, query: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for key, values in parse_qs(query).items():
        fields.setdefault(key.upper(), []).extend(values)
    if body[:1] not in (b"{", b"["):
        return fields
    try:
        doc = json.loads(body)
    except ValueError:
        return fields
    for key, value in _walk(doc):
        fields.setdefault(key.upper(), []).append(value)
    return fields


def _walk(doc: Any, key: str = "", parent: str = "") -> Iterator[tuple[str, str]]:
    """Leaves as (key, value), and as (parent.key, value) where a list names its items'
    meaning (REST's `containers: [{number}]`)."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _walk(v, str(k), key)
    elif isinstance(doc, list):
        for v in doc:
            if isinstance(v, dict | list):
                yield from _walk(v, key, parent)
            else:
                yield from _leaf(key, parent, v)
    elif key and doc is not None:
        yield from _leaf(key, parent, doc)


def _leaf(key: str, parent: str, value: Any) -> Iterator[tuple[str, str]]:
    text = str(value)[:200]
    yield key, text
    if parent:
        yield f"{parent}.{key}", text


def _form(body: bytes) -> dict[str, list[str]]:
    try:
        return {k.upper(): v for k, v in parse_qs(body.decode("utf-8")).items()}
    except UnicodeDecodeError:
        return {}
