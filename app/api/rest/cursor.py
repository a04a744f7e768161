"""Opaque cursors for keyset pagination."""

from __future__ import annotations

import base64
import json
from datetime import datetime

from app.domain.errors import InvalidInputError


def encode(after: tuple[datetime, str] | None) -> str | None:
    if after is None:
        return None
    raw = json.dumps([after[0].isoformat(), after[1]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None) -> tuple[datetime, str] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, request_id = json.loads(base64.urlsafe_b64decode(padded))
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None or not isinstance(request_id, str):
            raise ValueError(cursor)
        return moment, request_id
    except (ValueError, TypeError) as exc:
        raise InvalidInputError("the cursor is not one this service gave out", "cursor") from exc
