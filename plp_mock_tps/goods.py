"""Goods for scenarios and load: a fresh BC 1.1 manifest the client loads through the admin
API (demo and test servers), so runs never meet each other's active requests (E5).

Besides free containers and house B/Ls it holds one container covered by a PIB (E3) and one
already released (E2), recorded as declarations; containers whose manifest facts fit a reason
(LCL, excisable, under one master B/L: the officers' research aids, R5); and containers reused
from an earlier voyage, where they were released under that voyage's BC 1.1 (E2 is judged per
BC 1.1, so the earlier SPPB does not hold them back now). The manifest says where its goods
were discharged (E7: a PLP moves only goods at its origin TPS): at the applicants' origins in
turn.
"""

from __future__ import annotations

import random
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from plp_mock_tps.connection import Connection

_ALPHABET = dict(zip(string.ascii_uppercase, [x for x in range(10, 39) if x % 11], strict=True))


def check_digit(base: str) -> str:
    """ISO 6346: letters valued 10-38 skipping multiples of 11, weights 2**i, mod 11, mod 10."""
    total = sum((_ALPHABET.get(c) or int(c)) * 2**i for i, c in enumerate(base))
    return str(total % 11 % 10)


def container_number(owner: str, serial: int) -> str:
    base = f"{owner}U{serial:06d}"
    return base + check_digit(base)


def wrong_check_digit(number: str) -> str:
    """The same container with a check digit that fails ISO 6346 (rule E6)."""
    return number[:10] + str((int(number[10]) + 1) % 10)


@dataclass
class GoodsPool:
    """Containers and house B/Ls of one manifest; taken ones are not handed out twice."""

    office_code: str
    bc11_number: str
    bc11_date: date
    containers: list[tuple[str, str]]
    packages: list[dict[str, Any]]
    with_pib: tuple[str, str]  # (number, size): covered by a PIB (E3)
    released: tuple[str, str]  # already released (E2)
    # by kind ($lcl, $excise, $consolidated, $reused): containers whose facts fit a case
    special: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)  # container -> TPS holding it (E7)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take_special(self, kind: str) -> dict[str, str]:
        with self._lock:
            found = self.special.get(kind)
            if not found:
                raise RuntimeError(f"no {kind} container left in the goods pool")
            number, size = found.pop(0)
        return {"number": number, "size": size}

    def take_containers(self, n: int, at: str | None = None) -> list[dict[str, str]]:
        """n containers held at TPS `at` (default: wherever they are)."""
        with self._lock:
            here = [c for c in self.containers if at is None or self.where.get(c[0]) == at]
            if len(here) < n:
                raise RuntimeError("the goods pool is used up: seed a bigger manifest")
            taken = here[:n]
            self.containers = [c for c in self.containers if c not in taken]
        return [{"number": num, "size": size} for num, size in taken]

    def give_back(self, containers: list[dict[str, str]]) -> None:
        """Goods of a cancelled or finished request may move again."""
        with self._lock:
            self.containers.extend((c["number"], c["size"]) for c in containers)

    def take_packages(self, n: int) -> list[dict[str, Any]]:
        with self._lock:
            if len(self.packages) < n:
                raise RuntimeError("no house B/L left in the goods pool")
            taken, self.packages = self.packages[:n], self.packages[n:]
        return taken


SPECIAL: dict[str, dict[str, Any]] = {  # kind -> what the manifest says of such a container's item
    "$lcl": {"fcl_lcl": "L"},
    "$excise": {"excise": True},
    "$consolidated": {},  # under the manifest's one master B/L
    "$reused": {},
}
SPECIAL_EACH = 6  # of each kind: enough for the built-in scenarios over one protocol


def seed(
    connection: Connection,
    containers: int = 200,
    packages: int = 20,
    office_code: str = "040300",
    admin: str = "admin",
    origins: tuple[str, ...] = ("TPKA",),
) -> GoodsPool:
    """Load a new manifest (and its two declarations) as the admin; return its goods, the
    containers discharged at the `origins` in turn (the house B/Ls and the special containers
    at the first)."""
    rng = random.Random()  # noqa: S311 (test data)
    owner = "".join(rng.choices(string.ascii_uppercase, k=3))
    start = rng.randrange(0, 800_000)
    extra = SPECIAL_EACH * len(SPECIAL)
    numbers = [
        (container_number(owner, start + i), "20" if i % 2 else "40")
        for i in range(containers + 3 + extra)
    ]
    lcl_box = numbers.pop(0)[0]  # the container the house B/Ls came in
    special = {k: [numbers.pop() for _ in range(SPECIAL_EACH)] for k in SPECIAL}
    bc11 = f"{rng.randrange(100_000, 999_999)}"
    on = datetime.now(UTC).date() - timedelta(days=5)
    bls = [
        {"type": "PK", "count": 10 + i, "bl_number": f"HBL-{owner}{bc11}-{i:04d}", "bl_date": on}
        for i in range(packages)
    ]
    where = {num: origins[i % len(origins)] for i, (num, _) in enumerate(numbers)}
    where |= {num: origins[0] for taken in special.values() for num, _ in taken}
    items = [_item(i, num, size, on, at=where[num]) for i, (num, size) in enumerate(numbers)]
    items += [_lcl_item(len(items) + i, bl, lcl_box, on) for i, bl in enumerate(bls)]
    master_of: dict[str, str | None] = dict.fromkeys(SPECIAL)
    master_of["$consolidated"] = f"MBL-{owner}{bc11}"
    for kind, taken in special.items():
        items += [
            _item(len(items) + i, num, size, on, master=master_of[kind], **SPECIAL[kind])
            for i, (num, size) in enumerate(taken)
        ]
    _earlier_voyage(connection, admin, office_code, bc11, on, special["$reused"])
    manifest = {
        "office_code": office_code, "number": bc11, "date": on.isoformat(),
        "vessel_name": "MV MOCK TPS", "call_sign": "9VMCK", "voyage": "001M",
        "arrival_date": (on - timedelta(days=1)).isoformat(), "items": items,
        "discharged_at": {"tps": origins[0]},
    }  # fmt: skip
    _post(connection, "/api/v1/admin/manifests", admin, manifest)
    with_pib, released = numbers[-2], numbers[-1]
    for i, ((number, _), sppb) in enumerate(((with_pib, None), (released, bc11))):
        declaration = {
            "office_code": office_code, "kind": "BC20", "number": f"{bc11}{i}"[:20],
            "date": on.isoformat(), "sppb_number": sppb, "sppb_date": sppb and on.isoformat(),
            "containers": [number],
        }  # fmt: skip
        _post(connection, "/api/v1/admin/declarations", admin, declaration)
    for bl in bls:
        bl["bl_date"] = on.isoformat()
    return GoodsPool(
        office_code, bc11, on, numbers[:-2], bls, with_pib, released, special=special, where=where
    )


def _earlier_voyage(
    connection: Connection,
    admin: str,
    office_code: str,
    bc11: str,
    on: date,
    reused: list[tuple[str, str]],
) -> None:
    """The reused containers' earlier voyage: its BC 1.1, and an SPPB under it (E2 per BC 1.1)."""
    earlier, day = f"{(int(bc11) + 1) % 900_000 + 100_000}", on - timedelta(days=40)
    items = [_item(i, num, size, day) for i, (num, size) in enumerate(reused)]
    manifest = {
        "office_code": office_code, "number": earlier, "date": day.isoformat(),
        "vessel_name": "MV MOCK TPS", "call_sign": "9VMCK", "voyage": "000M",
        "arrival_date": (day - timedelta(days=1)).isoformat(), "items": items,
    }  # fmt: skip
    _post(connection, "/api/v1/admin/manifests", admin, manifest)
    released = {
        "office_code": office_code, "kind": "BC20", "number": f"{earlier}9",
        "date": day.isoformat(), "sppb_number": f"{earlier}9", "sppb_date": day.isoformat(),
        "containers": [num for num, _ in reused], "bc11_number": earlier,
        "bc11_date": day.isoformat(),
    }  # fmt: skip
    _post(connection, "/api/v1/admin/declarations", admin, released)


def _item(
    i: int,
    number: str,
    size: str,
    on: date,
    fcl_lcl: str = "F",
    excise: bool = False,
    master: str | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    """A house B/L in one container; `master` is kept only where the item is consolidated;
    `at`: the TPS it was discharged at, when not the manifest's (E7)."""
    item: dict[str, Any] = {
        "pos_number": f"{i + 1:04d}00000000", "consignee": "PT MOCK IMPOR",
        "consignee_id": "012345678900000", "bl_number": f"HBL-{number}", "bl_date": on.isoformat(),
        "excise": excise, "containers": [{"number": number, "size": size, "fcl_lcl": fcl_lcl}],
    }  # fmt: skip
    item |= {"discharged_at": {"tps": at}} if at else {}
    return item | ({"master_bl_number": master, "master_bl_date": on.isoformat()} if master else {})


def _lcl_item(i: int, bl: dict[str, Any], container: str, on: date) -> dict[str, Any]:
    return {
        "pos_number": f"{i + 1:04d}00000000", "consignee": "PT MOCK LCL",
        "bl_number": bl["bl_number"], "bl_date": on.isoformat(),
        "package_type": bl["type"], "package_count": bl["count"],
        "containers": [{"number": container, "size": "40", "fcl_lcl": "L"}],
    }  # fmt: skip


def _post(connection: Connection, path: str, admin: str, body: dict[str, Any]) -> None:
    r = connection.call("POST", path, admin, json=body)
    if r.status_code != 200:
        raise RuntimeError(f"cannot load test goods ({path}): {r.status_code} {r.text[:300]}")
