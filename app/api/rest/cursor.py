"""Opaque cursors for keyset pagination."""

from __future__ import annotations

import base64
import json
from datetime import datetime

from app.domain.errors import InvalidInputError


def encode(after: tuple[datetime, str] | None) -> str | None:
    return None if after is None else encode_keys((after[0].isoformat(), after[1]))


def decode(cursor: str | None) -> tuple[datetime, str] | None:
    keys = decode_keys(cursor, 2)
    if keys is None:
        return None
    try:
        moment = datetime.fromisoformat(keys[0])
    except ValueError as exc:
        raise _not_ours() from exc
    if moment.tzinfo is None:
        raise _not_ours()
    return moment, keys[1]


def encode_keys(after: tuple[str, ...] | None) -> str | None:
    """The sort keys of a page's last row, as an opaque cursor."""
    if after is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(list(after)).encode()).decode().rstrip("=")


def decode_keys(cursor: str | None, width: int) -> tuple[str, ...] | None:
    """The `width` sort keys `encode_keys` put in a cursor; anything else is refused."""
    if not cursor:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError as exc:  # binascii.Error and JSONDecodeError are ValueErrors
        raise _not_ours() from exc
    if not (isinstance(raw, list) and len(raw) == width and all(isinstance(v, str) for v in raw)):
        raise _not_ours()
    return tuple(raw)


def _not_ours() -> InvalidInputError:
    return InvalidInputError("the cursor is not one this service gave out", "cursor")
