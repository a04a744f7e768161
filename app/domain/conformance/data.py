"""The goods and numbers a scenario gives the client under test: its own BC 1.1, containers,
seals and partner, deterministic per (run, scenario) so a restarted server hands out the same.

Container numbers carry valid ISO 6346 check digits (E6) and are unique within a run by
construction (the scenario number and line are part of the serial); across runs they differ by
a prefix drawn from the run id (1 chance in about 17 million that two runs share one), so goods
of an earlier run never collide with this run's (E5). What the channels must record about each
message (the `Observed.details` keys) is listed in `evidence.py`.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum import iso6346  # a maintained check-digit implementation (E6)

from app.domain.conformance.model import ScenarioSpec

# Used when the caller states no day; the run's service passes the test clock's date instead.
DEFAULT_DAY = date(2026, 1, 5)
REASON_CODE = "1"  # KD_ALASAN_PLP 1 = YOR_SOR (protocol §4.1): the reason every client sends
YOR_ORIGIN = "95"  # E4: at or above any sensible threshold
SIZES = (("20", "22G1"), ("40", "45G1"))


@dataclass(frozen=True)
class ContainerLine:
    """One container of the scenario's BC 1.1, with the seal the origin supervisor puts on it."""

    number: str
    size: str
    iso_type: str
    bc11_pos: str  # NO_POS_BC11
    bl_number: str
    seal: str


@dataclass(frozen=True)
class ScenarioData:
    """What the client is given for one scenario (the report shows it flat, `as_dict`)."""

    run_id: str
    scenario_id: str
    office: str
    bc11_number: str
    bc11_date: date
    arrival_date: date
    vessel: str
    voyage: str
    call_sign: str
    consignee: str
    containers: tuple[ContainerLine, ...]
    origin_tps: str
    origin_gudang: str
    destination_tps: str
    destination_gudang: str
    partner_tps: str
    partner_gudang: str
    reason_code: str = REASON_CODE
    yor_origin: str = YOR_ORIGIN
    rejected: tuple[str, ...] = ()  # containers the Kasubsi rejects (PLP-03)
    reject_reason: str = ""  # the Kasubsi's reason for rejecting the whole request (PLP-04)
    refusal: str = ""  # the rule these goods fail on arrival (PLP-08): not discharged for E7
    partner_ref: str = ""  # REF_NUMBER of the partner's request to the client's TPS (PLP-12)
    params: tuple[tuple[str, str], ...] = ()  # the scenario's stated limits

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(c.number for c in self.containers)

    @property
    def seals(self) -> tuple[str, ...]:
        return tuple(c.seal for c in self.containers)

    @property
    def approved(self) -> tuple[str, ...]:
        """The containers the simulator approves (all but the rejected lines)."""
        return tuple(n for n in self.numbers if n not in self.rejected)

    def seal_of(self, container: str) -> str | None:
        return next((c.seal for c in self.containers if c.number == container), None)

    def as_dict(self) -> dict[str, str]:
        """Flat, for the report and the REST answer; lists are comma-separated, line order."""
        cs = self.containers
        flat = {
            "office": self.office,
            "bc11_number": self.bc11_number,
            "bc11_date": self.bc11_date.isoformat(),
            "arrival_date": self.arrival_date.isoformat(),
            "vessel": self.vessel,
            "voyage": self.voyage,
            "call_sign": self.call_sign,
            "consignee": self.consignee,
            "containers": ",".join(c.number for c in cs),
            "container_sizes": ",".join(c.size for c in cs),
            "container_types": ",".join(c.iso_type for c in cs),
            "bc11_positions": ",".join(c.bc11_pos for c in cs),
            "bl_numbers": ",".join(c.bl_number for c in cs),
            "seals": ",".join(c.seal for c in cs),
            "origin_tps": self.origin_tps,
            "origin_gudang": self.origin_gudang,
            "destination_tps": self.destination_tps,
            "destination_gudang": self.destination_gudang,
            "partner_tps": self.partner_tps,
            "partner_gudang": self.partner_gudang,
            "reason_code": self.reason_code,
            "yor_origin": self.yor_origin,
            "rejected_containers": ",".join(self.rejected),
            "reject_reason": self.reject_reason,
            "refusal_rule": self.refusal,
            "partner_ref": self.partner_ref,
        }
        return {**{k: v for k, v in flat.items() if v}, **dict(self.params)}


def scenario_data(
    run_id: str,
    spec: ScenarioSpec,
    tps: str,
    gudang: str,
    partner_tps: str,
    partner_gudang: str,
    *,
    on: date | None = None,
    office: str = "",
) -> ScenarioData:
    """The scenario's goods for this run; `on` is the simulator's date (the BC 1.1 is 3 days
    older), `office` the customs office of both TPS (KD_KANTOR)."""
    day = on or DEFAULT_DAY
    number = int(spec.id.removeprefix("PLP-"))
    seed = hashlib.sha256(run_id.encode()).digest()
    owner = "".join(string.ascii_uppercase[b % 26] for b in seed[:3])
    run_part = int.from_bytes(seed[3:6], "big") % 1000
    lines = 3 if spec.id == "PLP-03" else 2
    containers = tuple(_line(owner, run_part, number, i) for i in range(lines))
    inbound = spec.id == "PLP-12"  # the partner files a PLP to the client's TPS
    return ScenarioData(
        run_id=run_id,
        scenario_id=spec.id,
        office=office,
        bc11_number=f"{int.from_bytes(seed[6:9], 'big') % 10000:04d}{number:02d}",
        bc11_date=day - timedelta(days=3),
        arrival_date=day - timedelta(days=2),
        vessel="MV CONFORMANCE STAR",
        voyage=f"{run_part:03d}{number:02d}S",
        call_sign=f"9V{owner}",
        consignee="PT UJI KESESUAIAN",
        containers=containers,
        origin_tps=partner_tps if inbound else tps,
        origin_gudang=partner_gudang if inbound else gudang,
        destination_tps=tps if inbound else partner_tps,
        destination_gudang=gudang if inbound else partner_gudang,
        partner_tps=partner_tps,
        partner_gudang=partner_gudang,
        rejected=(containers[1].number,) if spec.id == "PLP-03" else (),
        reject_reason="BARANG TIDAK SESUAI ALASAN PLP" if spec.id == "PLP-04" else "",
        refusal=spec.params.get("refusal", ""),
        partner_ref=f"{partner_tps}{day:%y%m%d}{run_part:03d}{number:02d}1" if inbound else "",
        params=tuple(sorted((k, v) for k, v in spec.params.items() if k != "refusal")),
    )


def _line(owner: str, run_part: int, scenario: int, index: int) -> ContainerLine:
    serial = f"{run_part:03d}{scenario:02d}{index}"
    base = f"{owner}U{serial}"
    size, iso_type = SIZES[index % 2]
    return ContainerLine(
        number=base + iso6346.calc_check_digit(base),
        size=size,
        iso_type=iso_type,
        bc11_pos=f"{scenario:04d}{index + 1:04d}0000",
        bl_number=f"HBL{owner}{serial}",
        seal=f"BC{owner}{serial}",
    )
