"""Every time a REST answer gives is RFC 3339 in its office's zone (+07:00 at Tanjung Priok).

A value carries the zone it was made in: a deadline worked out on the office calendar is
local, the same deadline read back from the database is UTC; so a fresh answer and a GET or
a replay of it used to disagree. The answers convert here, never per field: the *Out schemas
declare their times as `OfficeTime`, and the answers written from dicts (json_of) pass through
`localised`. A model dumped with `context={"zone": ...}` writes that zone; without one (the
answers FastAPI writes) the default zone, settings.office_timezone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import PlainSerializer, SerializationInfo

DEFAULT_ZONE = "Asia/Jakarta"
Zones = Callable[[str], ZoneInfo]  # an office code -> its zone
_default = [ZoneInfo(DEFAULT_ZONE)]


def use_default_zone(name: str) -> None:
    """The zone of answers that name no office (create_app: settings.office_timezone)."""
    _default[0] = ZoneInfo(name)


def default_zone() -> ZoneInfo:
    return _default[0]


def moved(value: datetime, zone: ZoneInfo) -> datetime:
    """`value` in `zone`; as it is when naive or at the edge of the calendar (9999-12-31 in UTC
    is year 10000 at +07:00), where the instant is still the same."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(zone)
    except OverflowError:
        return value


def _in_zone(value: datetime, info: SerializationInfo) -> datetime:
    return moved(value, (info.context or {}).get("zone") or _default[0])


# return_type datetime: pydantic still writes (and documents) it as any datetime
OfficeTime = Annotated[datetime, PlainSerializer(_in_zone, return_type=datetime)]


def localised(answer: Any, zone: ZoneInfo) -> Any:
    """The answer with every aware datetime in it moved to `zone` (dicts and lists walked),
    and the times an event's `detail` holds as text (see EventDetail)."""
    if isinstance(answer, datetime):
        return moved(answer, zone)
    if isinstance(answer, dict):
        return {
            k: _detail(v, zone) if k == "detail" else localised(v, zone) for k, v in answer.items()
        }
    if isinstance(answer, list):
        return [localised(v, zone) for v in answer]
    return answer


# an RFC 3339 time with its offset, as isoformat() writes one into an event's detail
_TEXT_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)")


def _detail(detail: Any, zone: ZoneInfo) -> Any:
    """An audit or office event's detail: stored as JSON, its times are text."""
    if not isinstance(detail, dict):
        return localised(detail, zone)
    out = {}
    for k, v in detail.items():
        if isinstance(v, str) and _TEXT_TIME.fullmatch(v):
            v = moved(datetime.fromisoformat(v), zone).isoformat()
        out[k] = localised(v, zone)
    return out


def _detail_in_zone(detail: dict[str, Any], info: SerializationInfo) -> Any:
    return _detail(detail, (info.context or {}).get("zone") or _default[0])


# an event's detail, whose times are stored as text, with those times in the office's zone
EventDetail = Annotated[
    dict[str, Any], PlainSerializer(_detail_in_zone, return_type=dict[str, Any])
]
