"""Accounts, request letters and requests at each step of SOP 10, for the domain unit tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.actor import Actor, Channel, Role
from app.domain.commands import SubmitPlp
from app.domain.eligibility import EligibilityFacts, ManifestEntry, assess
from app.domain.lines import ContainerSpec, ManifestFacts, PackageSpec, lines_from
from app.domain.plp_parts import Finding, PlpHeader
from app.domain.plp_request import LineDecision, PlpRequest
from app.domain.reasons import ApplicantSide, PlpReason
from app.domain.seals import ContainerSeals
from tests.fakes import DEMO_TPS, FakeStores

WIB = ZoneInfo("Asia/Jakarta")
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=WIB)  # a Wednesday morning at Tanjung Priok
OFFICE, OTHER_OFFICE = "040300", "050100"
BC11_NUMBER, BC11_DATE = "001234", date(2026, 11, 20)
BL_DATE = date(2026, 11, 11)

# containers of the demo BC 1.1 001234, with their sizes
C1, C2, C3, C4 = "MSKU1001373", "TGHU1002113", "CSQU1001743", "TSTU1001000"
SIZES = {C1: "20", C2: "40", C3: "20", C4: "40"}
BLS = {"HBL-LCL-0001": ("PK", 10), "HBL-LCL-0002": ("CT", 25)}


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def tps_account(code: str, channel: Channel = Channel.REST) -> Actor:
    return Actor(code.lower(), Role.TPS_OPERATOR, tps_code=code, channel=channel)


def officer(role: Role, office: str = OFFICE, supervises: tuple[str, ...] = ()) -> Actor:
    name = f"{role.value}-{office}-{'-'.join(supervises) or 'all'}"
    return Actor(name, role, office_code=office, supervised_tps=frozenset(supervises))


TPKA, CFSB, KOJA = tps_account("TPKA"), tps_account("CFSB"), tps_account("KOJA")
MANIFEST = officer(Role.MANIFEST_OFFICER)
P2 = officer(Role.P2_OFFICER)
KASUBSI = officer(Role.KASUBSI_MANIFEST)
ORIGIN_SUP = officer(Role.ORIGIN_SUPERVISOR, supervises=("TPKA",))
DEST_SUP = officer(Role.DESTINATION_SUPERVISOR, supervises=("CFSB",))
P2_SECTION = officer(Role.P2_SECTION)
ADMIN = Actor("admin", Role.ADMIN)


def header(**overrides: Any) -> PlpHeader:
    """TPKA asks to move goods of BC 1.1 001234 to CFSB for lack of LCL space (R2)."""
    values: dict[str, Any] = {
        "office_code": OFFICE,
        "ref_number": "TPKA-0001",
        "letter_number": "00101/PLP/TPKA/2026",
        "letter_date": date(2026, 11, 25),
        "origin_tps": "TPKA",
        "origin_gudang": "TPKA",
        "destination_tps": "CFSB",
        "destination_gudang": "CFB1",
        "reason": PlpReason.NO_LCL_SPACE,
        "bc11_number": BC11_NUMBER,
        "bc11_date": BC11_DATE,
        "applicant_name": "BUDI SANTOSO",
    }
    return PlpHeader(**(values | overrides))


def container(number: str, size: str | None = None, iso_type: str | None = None) -> ContainerSpec:
    return ContainerSpec(number, size or SIZES.get(number, "20"), iso_type)


def package(bl: str = "HBL-LCL-0001", kind: str = "", count: int | None = None) -> PackageSpec:
    known_kind, known_count = BLS.get(bl, ("PK", 1))
    return PackageSpec(kind or known_kind, known_count if count is None else count, bl, BL_DATE)


def submit_cmd(
    actor: Actor = TPKA,
    numbers: tuple[str, ...] = (C1, C2),
    packages: tuple[PackageSpec, ...] = (),
    **overrides: Any,
) -> SubmitPlp:
    containers = tuple(container(n) for n in numbers)
    return SubmitPlp(actor, header(**overrides), containers, packages)


def demo_stores() -> FakeStores:
    """BC 1.1 001234 of office 040300 with four free containers and two LCL house B/Ls."""
    entries = {
        f"C:{n}": ManifestEntry(ManifestFacts(f"{i:04d}00000000", "PT CONTOH IMPOR"), size=s)
        for i, (n, s) in enumerate(SIZES.items(), 1)
    }
    for i, (bl, (_kind, count)) in enumerate(BLS.items(), 19):
        facts = ManifestFacts(f"{i:04d}00000000", "PT ANEKA BARANG", bl, BL_DATE)
        entries[f"K:{bl}:{BL_DATE.isoformat()}"] = ManifestEntry(facts, package_count=count)
    stores = FakeStores(manifests={(OFFICE, BC11_NUMBER, BC11_DATE): entries})
    stores.stock.put((OFFICE, BC11_NUMBER, BC11_DATE), entries, "TPKA")  # discharged there (E7)
    return stores


# --- eligibility on its own ----------------------------------------------------------------

ORIGIN, DESTINATION = ApplicantSide.ORIGIN, ApplicantSide.DESTINATION


def facts(
    origin: str = "TPKA", destination: str = "CFSB", manifest_found: bool = True, **kw: Any
) -> EligibilityFacts:
    manifest = demo_stores().manifests[(OFFICE, BC11_NUMBER, BC11_DATE)]
    in_manifest = manifest if manifest_found else {}
    kw.setdefault("at_origin", frozenset(manifest))  # E7: every demo goods at the origin
    return EligibilityFacts(
        DEMO_TPS[origin], DEMO_TPS[destination], manifest_found, in_manifest, **kw
    )


def check(
    *goods: ContainerSpec | PackageSpec,
    h: PlpHeader | None = None,
    side: ApplicantSide = ORIGIN,
    known: EligibilityFacts | None = None,
) -> list[Finding]:
    goods = goods or (container(C1), container(C2))
    containers = tuple(g for g in goods if isinstance(g, ContainerSpec))
    packages = tuple(g for g in goods if isinstance(g, PackageSpec))
    return assess(h or header(), side, lines_from(containers, packages), known or facts())


def rules(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.rule, f.line_no) for f in findings]


# --- the aggregate at each step, driven through its own methods ------------------------------


def in_review(
    reason: PlpReason = PlpReason.NO_LCL_SPACE, lines: int = 2, applicant: str = "TPKA"
) -> PlpRequest:
    """An accepted request of TPKA to CFSB, filed by `applicant`, with `lines` container lines."""
    numbers = tuple(list(SIZES)[:lines])
    h = header(reason=reason)
    request_lines = lines_from(tuple(container(n) for n in numbers), ())
    side = h.side_of(applicant)
    assert side is not None
    request = PlpRequest("req-1", h, request_lines, applicant, side, Channel.REST, T0, "")
    request.accept(tps_account(applicant), at(72))
    return request


def recommended(request: PlpRequest) -> PlpRequest:
    request.recommend("manifest", MANIFEST, at(1), True, "documents complete")
    if request.needs_p2:
        request.recommend("p2", P2, at(1.5), True, "no enforcement objection")
    return request


def approved(request: PlpRequest, *refused: int) -> PlpRequest:
    """The Kasubsi approves every line but the `refused` ones."""
    decisions = {n: LineDecision(n, False, "not in the yard") for n in refused}
    recommended(request).decide(KASUBSI, at(2), True, None, decisions, "000001", at(2).date())
    return request


CARRIER = "TRUU1234560"  # the container packages travel in (S1)


def seal_of(container: str) -> str:
    return f"BC{container[-7:]}"


def seals_for(request: PlpRequest) -> tuple[ContainerSeals, ...]:
    """One customs seal per moving container, and one on the container packages travel in."""
    moving = request.moving_lines
    names = [ln.container.number for ln in moving if ln.container]
    names += [CARRIER] if any(ln.package for ln in moving) else []
    return tuple(ContainerSeals(n, (seal_of(n),)) for n in names)


def released(request: PlpRequest) -> PlpRequest:
    request.check_at_origin(ORIGIN_SUP, at(3), True, seals_for(request), "sealed")
    return request


def gated_out(request: PlpRequest) -> PlpRequest:
    request.gate_out(TPKA, at(4), at(4), [])
    return request


def entered(request: PlpRequest) -> PlpRequest:
    request.check_at_destination(DEST_SUP, at(5), True, True, "seal opened", seals_for(request))
    return request
