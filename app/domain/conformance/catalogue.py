"""The numbered scenarios of the pack (issue 17): what each proves, over which protocols, with
which faults and stated limits. Texts are catalogue keys (`<key>.title`, `.simulator`,
`.client` in `conformance.po`); this module holds no prose a person reads.

A scenario leaves out a protocol only where the protocol cannot carry what it tests:
- PLP-14 (H1 out-of-hours notice): only the REST API can file the notice today; the legacy SOAP
  service and DJBC's H2H have no operation for it, so a client of theirs cannot pass or fail it.
- PLP-17 (DJBC quirks): the quirks are those of DJBC's services (SOAP and H2H); the REST API is
  the simulator's own and has no DJBC quirks to reproduce.
"""

from __future__ import annotations

from app.domain.conformance.model import Fault, Protocol, ScenarioSpec

P = Protocol
EVERY = frozenset(P)
DJBC = frozenset({P.SOAP11, P.SOAP12, P.H2H})

# Quirks reproduced in PLP-17, named as the report names them (../shared/spec: SOAP §3.5
# fetch-once, H2H §3.2 errors in a 200 envelope, §4 mixed date formats, §2 token lifetime).
QUIRKS = "fetch_once,error_in_http_200,mixed_date_formats,short_token_lifetime"


def _spec(
    number: int,
    rule: str,
    protocols: frozenset[Protocol] = EVERY,
    faults: tuple[Fault, ...] = (),
    quirks_only: bool = False,
    **params: str,
) -> ScenarioSpec:
    return ScenarioSpec(
        id=f"PLP-{number:02d}",
        key=f"conformance.plp{number:02d}",
        rule=rule,
        protocols=protocols,
        faults=faults,
        quirks_only=quirks_only,
        params=params,
    )


SCENARIOS: tuple[ScenarioSpec, ...] = (
    _spec(1, "R1; E1-E7; TPS Online §2.1 UploadMohonPLP"),
    _spec(2, "R3; TPS Online §3.3, §3.5 (poll)", min_poll_gap_seconds="5", empty_polls="2"),
    _spec(3, "R3; M1; TPS Online §3.3 FL_SETUJU"),
    _spec(4, "R3; M1; TPS Online §3.3 ALASAN_REJECT"),
    _spec(5, "TPS Online §1.5 GetResponPlp_onDemands, §3.5", EVERY, (Fault.TRUNCATED_REPLY,)),
    _spec(6, "Idempotent submission (REF_NUMBER)", EVERY, (Fault.DROP_AFTER_COMMIT,)),
    _spec(7, "HTTP 503; retry", EVERY, (Fault.UNAVAILABLE,), min_retry_seconds="2"),
    _spec(8, "E7; TPS Online §3.1 GAGAL/KD_RES", refusal="E7"),
    _spec(9, "One submission in flight", EVERY, (Fault.LATENCY,), latency_seconds="8"),
    _spec(10, "L1; TPS Online §3.4 GetResponBatalPLP"),
    _spec(11, "M1; M2; M3; M6; S1; E7; TPS Online §2.3, §4.2-4.3"),
    _spec(12, "M4; M5; M6; S1; TPS Online §3.3 GetResponPLP_Tujuan, §2.3"),
    _spec(13, "M3; TPS Online §3.5 (clients de-duplicate)", EVERY, (Fault.DUPLICATE_DELIVERY,)),
    _spec(14, "H1; M3", frozenset({P.REST}), notice_hours="3"),
    _spec(15, "F1; F2", EVERY, (Fault.OUTAGE,), outage_working_hours="7"),
    _spec(16, "TPS Online §1.4 GantiPassword"),
    _spec(17, "DJBC quirks (../shared/spec)", DJBC, (), True, quirks=QUIRKS),
)
_BY_ID = {s.id: s for s in SCENARIOS}


def listed(protocol: Protocol, quirks: bool) -> tuple[ScenarioSpec, ...]:
    """The scenarios of a run over `protocol`, in order; quirks-only ones when quirks are on."""
    return tuple(s for s in SCENARIOS if protocol in s.protocols and (quirks or not s.quirks_only))


def scenario(scenario_id: str) -> ScenarioSpec:
    """The scenario of that id (KeyError if there is none)."""
    return _BY_ID[scenario_id]
