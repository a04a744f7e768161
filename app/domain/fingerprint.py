"""The identity of a submission's content, so a resent request is recognised (idempotency)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.plp_parts import PlpHeader


def fingerprint(
    header: PlpHeader, containers: tuple[ContainerSpec, ...], packages: tuple[PackageSpec, ...]
) -> str:
    """SHA-256 of the content, the same whichever channel (REST, SOAP, H2H) carried it."""
    content = {  # the specs are flat dataclasses: vars() is enough and cheap
        "header": {k: v for k, v in vars(header).items() if _counts(k, v)},
        "containers": [vars(c) for c in containers],
        "packages": [vars(p) for p in packages],
    }
    canonical = json.dumps(content, sort_keys=True, default=_plain, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# Header fields added later count only when stated, so a request stored before them has the
# same fingerprint when it is resent (idempotency across the upgrade).
_ADDED_LATER = frozenset({"judgement_number", "judgement_date"})


def _counts(name: str, value: Any) -> bool:
    return name != "reason_code" and not (value is None and name in _ADDED_LATER)


def _plain(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
