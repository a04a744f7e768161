"""A scenario's goods and numbers, read from the run's answer (`data`: flat strings) into the
client's Goods. The simulator seeds them per run and scenario; nothing here is invented except
the applicant's letter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from plp_mock_tps.conformance.shapes import parse_date
from plp_mock_tps.conformance.wire import Container, Goods
from plp_mock_tps.documents import KD_ALASAN

REASON_OF_CODE = {code: reason for reason, code in reversed(KD_ALASAN.items())}

_ITEM = re.compile(r"([A-Z]{4}\d{7})(?:\s*[:/ ]\s*(\d{2}))?")


def goods_of(data: Mapping[str, Any], run: Mapping[str, Any], scenario: str) -> Goods:
    def get(*names: str, default: str = "") -> str:
        return next((str(data[n]) for n in names if data.get(n) not in (None, "")), default)

    tps = get("origin_tps", "tps", default=str(run.get("tps", "")))
    bc11_date = parse_date(get("bc11_date")) or datetime.now(UTC).date()
    return Goods(
        office=get("office_code", "office", "kd_kantor"),
        tps=tps,
        gudang=get("origin_gudang", "gudang", default=tps),
        destination_tps=get("destination_tps"),
        destination_gudang=get("destination_gudang"),
        bc11_number=get("bc11_number"),
        bc11_date=bc11_date,
        vessel=get("vessel", "vessel_name", default="MV CONFORMANCE"),
        voyage=get("voyage", default="001C"),
        call_sign=get("call_sign", default="9VCNF"),
        arrival_date=parse_date(get("arrival_date")),
        containers=containers_of(data),
        reason=REASON_OF_CODE.get(get("reason_code"), get("reason", default="YOR_SOR")),
        yor=float(get("yor_origin", default="72")),
        letter=f"CONF/{scenario}/{str(run.get('id', ''))[:8]}",
        seals=seals_of(data),
    )


def containers_of(data: Mapping[str, Any]) -> tuple[Container, ...]:
    """`containers` (comma list) with `container_sizes` in the same order, or sizes inline
    ("MSKU1234565:20"; 20 when absent), or numbered keys `container_1` (+ `_size`)."""
    text = str(data.get("containers") or "")
    sizes = [s.strip() for s in str(data.get("container_sizes") or "").split(",")]
    found = [
        Container(n, s or (sizes[i] if i < len(sizes) and sizes[i] else "20"))
        for i, (n, s) in enumerate(_ITEM.findall(text.upper()))
    ]
    numbered = sorted(k for k in data if re.fullmatch(r"container_\d+", k))
    found += [Container(str(data[k]), str(data.get(f"{k}_size") or "20")) for k in numbered]
    return tuple(dict.fromkeys(found))


def seals_of(data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """`seals`: a comma list in the containers' order (several of one container joined with
    `+`), or "MSKU1234565=BC001|BC002;TGHU...=BC003"."""
    text = str(data.get("seals") or "").strip()
    if not text:
        return {}
    if "=" not in text:
        listed = [s.strip() for s in text.split(",")]
        return {
            c.number: tuple(s for s in listed[i].split("+") if s)
            for i, c in enumerate(containers_of(data))
            if i < len(listed) and listed[i]
        }
    seals: dict[str, tuple[str, ...]] = {}
    for part in re.split(r"[;]+", text):
        container, _, numbers = part.partition("=")
        if container.strip():
            seals[container.strip()] = tuple(s for s in re.split(r"[|, ]+", numbers) if s)
    return seals


def params_of(scenario: Mapping[str, Any]) -> dict[str, str]:
    """Stated limits (min_poll_gap_seconds, min_retry_seconds, latency_seconds): in `params`,
    or among the data."""
    data = scenario.get("data") or {}
    params = scenario.get("params") or {}
    return {str(k): str(v) for k, v in {**data, **params}.items()}
