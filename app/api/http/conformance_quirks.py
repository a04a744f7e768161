"""DJBC's known quirks, reproduced for the scenarios that name them in runs with the quirks
switch on (issue 17; ../shared/spec/djbc-h2h-rest.md §2-§4, tps-online-protocol.md §3.5):

  fetch_once            a poll hands a response over once (the simulator's polls always do;
                        named when a poll delivers, so the report says the client met it)
  error_in_http_200     an H2H refusal (4xx but 401/429) answered with HTTP 200, the error
                        code only in the envelope
  mixed_date_formats    the dates of an H2H answer written in the formats DJBC mixes
                        (yyyy-MM-dd, dd/MM/yyyy, dd-MM-yyyy, yyyyMMddHHmmss)
  short_token_lifetime  an H2H access token refused as expired after `token_seconds`
                        (default 30), whatever its `expires_in` said
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from app.domain.conformance.catalogue import scenario
from app.domain.conformance.model import Protocol
from app.domain.conformance.run import ActiveScenario

FETCH_ONCE = "fetch_once"
ERROR_IN_HTTP_200 = "error_in_http_200"
MIXED_DATE_FORMATS = "mixed_date_formats"
SHORT_TOKEN_LIFETIME = "short_token_lifetime"  # noqa: S105 (a quirk's name)
TOKEN_SECONDS = 30.0
EXPIRED = {
    "status": "failed",
    "code": 401,
    "message": "Token expired",
    "detail": "token_expired",
    "item": None,
}
_DAY = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")  # dd-MM-yyyy, as the simulator writes them
_DAY_TIME = re.compile(r"^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$")


def applied(running: ActiveScenario) -> frozenset[str]:
    """The quirks this scenario reproduces: none unless the run has the switch on."""
    if not running.quirks:
        return frozenset()
    named = scenario(running.scenario_id).params.get("quirks", "")
    return frozenset(q for q in named.split(",") if q)


def token_seconds(running: ActiveScenario) -> float:
    try:
        return float(scenario(running.scenario_id).params.get("token_seconds", TOKEN_SECONDS))
    except ValueError:
        return TOKEN_SECONDS


def refused_in_200(protocol: Protocol, status: int) -> bool:
    return protocol is Protocol.H2H and 400 <= status < 500 and status not in (401, 429)


def mixed_dates(body: bytes) -> bytes | None:
    """The answer with its dates in DJBC's mixed formats, or None if it has none."""
    try:
        doc = json.loads(body)
    except ValueError:
        return None
    counter = iter(range(1_000_000))
    changed = _mix(doc, counter)
    if not changed:
        return None
    return json.dumps(changed[0], ensure_ascii=False, separators=(",", ":")).encode()


def _mix(doc: Any, counter: Iterator[int]) -> tuple[Any] | None:
    """(the new document,) when a date changed; None otherwise."""
    if isinstance(doc, dict):
        parts = {k: _mix(v, counter) for k, v in doc.items()}
        if not any(parts.values()):
            return None
        return ({k: (p[0] if p else doc[k]) for k, p in parts.items()},)
    if isinstance(doc, list):
        items = [_mix(v, counter) for v in doc]
        if not any(items):
            return None
        return ([p[0] if p else v for p, v in zip(items, doc, strict=True)],)
    if isinstance(doc, str):
        return _date(doc, next(counter))
    return None


def _date(text: str, n: int) -> tuple[str] | None:
    if m := _DAY_TIME.match(text):
        day, month, year, hh, mm, ss = m.groups()
        stamps = (f"{year}{month}{day}{hh}{mm}{ss}", f"{year}-{month}-{day} {hh}:{mm}:{ss}.0")
        return (stamps[n % 2],)
    if m := _DAY.match(text):
        day, month, year = m.groups()
        forms = (f"{year}-{month}-{day}", f"{day}/{month}/{year}", text)
        return (forms[n % 3],) if forms[n % 3] != text else None
    return None
