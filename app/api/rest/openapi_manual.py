"""The OpenAPI document as a manual: every rule in a line, and for each operation who may call
it and the rules it enforces (`x-roles`, `x-rules`, and the same in words)."""

from __future__ import annotations

from typing import Any

RULES: dict[str, str] = {
    "A1": "the origin TPS applies for YOR_SOR, NO_LCL_SPACE, SPECIAL_FACILITY, EXCISE_RIBBON, "
    "MASTER_CONSOLIDATION, STAGNATION",
    "A2": "the destination TPS applies only for FF_MASTER_AWB, RUSH_HANDLING, POSTAL",
    "E1": "origin and destination TPS differ and are under the same customs office",
    "E2": "the goods are in the cited BC 1.1 manifest and not released",
    "E3": "no import declaration (PIB/BC 2.0) has been filed for the goods",
    "E4": "YOR_SOR needs the stated YOR/SOR at or above the origin TPS's threshold",
    "E5": "a container or house B/L is in at most one active PLP",
    "E6": "container numbers are valid ISO 6346 numbers; sizes and types from the code lists",
    "E7": "the goods are at the origin TPS (reported in there, not reported out since); the "
    "PLP's gate-out puts them in transit, its gate-in at the destination",
    "R1": "YOR_SOR and STAGNATION go to the P2 officer and the manifest officer",
    "R2": "every other reason goes to the manifest officer only",
    "R3": "the Kasubsi decides once every required recommendation is in; the decision is final",
    "R4": "the service takes at most 3 working days: each request shows its deadline and "
    "whether it is on track, at risk or breached",
    "R5": "research aids from the BC 1.1 (goods fit the reason, vessel and voyage match, the "
    "STAGNATION judgement is cited) are shown to the researching officers, never a refusal",
    "D1": "the approval is a printable document (Surat Persetujuan PLP) with a verification "
    "reference and QR code; the supervisors' notes appear on it once recorded",
    "M1": "only an approved request gates out",
    "M2": "the origin supervisor matches the goods with the approval and releases them with "
    "customs seals on every container (or escorted); a mismatch refuses release and the "
    "manifest officer records the outcome: presented again, cut to the matching lines, or "
    "cancelled",
    "M3": "the applicant records the gate-out time",
    "M4": "the destination supervisor matches again, each container's seals against the "
    "release; a discrepancy goes to the P2 section, which lets the goods enter or holds them "
    "(enforcement, HELD)",
    "S1": "seal chain: the seals put on at release are checked in the gate reports and at the "
    "destination; a different, missing or broken seal is recorded and flagged to the P2 section",
    "M5": "the applicant records the gate-in time; this ends the online procedure",
    "M6": "times are plausible: gate-in after gate-out, not in the future, not before approval",
    "T1": "transit watch: an approval lapses after the office's approval validity (default: "
    "no limit) and can then neither be released nor gate out; goods not gated in within the "
    "office's transit time (default 24 hours, elapsed) are flagged; both go to the P2 "
    "section's queue and are pushed to both TPS",
    "H1": "a move outside working hours needs the origin TPS's notice 3 hours before, with the "
    "approved request and both TPS statements, to the manifest section head and the P2 "
    "section; an out-of-hours release needs it, a gate-out without it is recorded and flagged "
    "to the P2 section",
    "F1": "after 6 working hours of outage the office switches to the manual procedure",
    "F2": "on the manual procedure online submissions are refused with a clear answer and "
    "paper PLPs are recorded",
    "F3": "back online, the paper PLPs are reconciled into the system, each keeping the number "
    "and date it was approved under on paper (unique per office and year)",
    "L1": "cancellation until gate-out: an undecided request is withdrawn at once; an "
    "approval's cancellation is decided by the Kasubsi (approved or refused with a reason), "
    "the PLP staying active until then; a gate-out ends it as refused",
    "L2": "reconciliation of the paper PLPs after a manual period",
    "L3": "the monthly PLP report",
}

ANY = ("any role",)
ANYONE = ("anyone",)
TPS = ("tps_operator",)
MANIFEST, P2, KASUBSI = ("manifest_officer",), ("p2_officer",), ("kasubsi_manifest",)
ADMIN = ("admin",)
OUTAGE_STAFF = ("admin", "kasubsi_manifest", "manifest_officer")
OFFICERS = (
    "kasubsi_manifest",
    "manifest_officer",
    "p2_officer",
    "p2_section",
    "origin_supervisor",
    "destination_supervisor",
    "admin",
)
SUBMIT_RULES = ("A1", "A2", "E1", "E2", "E3", "E4", "E5", "E6", "E7", "R1", "R2", "R4", "F2")
P = "/api/v1/plp-requests/{request_id}"
CLOSED = "/api/v1/offices/{office_code}/closed-days"
REC = "/api/v1/reconciliations/{reconciliation_id}"
REPORT = "/api/v1/reports/monthly/{office_code}/{month}"
H1_NOTICES = f"{P}/out-of-hours-notices"

# (method, path) -> (who may call it, the rules it enforces)
OPERATIONS: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("post", "/api/v1/auth/token"): (ANYONE, ()),
    ("get", "/api/v1/auth/me"): (ANY, ()),
    ("post", "/api/v1/auth/password"): (ANY, ()),
    ("post", "/api/v1/plp-requests"): (TPS, SUBMIT_RULES),
    ("get", "/api/v1/plp-requests"): (ANY, ("R4",)),
    ("get", P): (ANY, ("R4", "R5", "T1")),
    ("post", f"{P}/recommendations/manifest"): (MANIFEST, ("R1", "R2")),
    ("post", f"{P}/recommendations/p2"): (P2, ("R1", "R2")),
    ("post", f"{P}/decision"): (KASUBSI, ("R3", "R4", "T1")),
    ("get", f"{P}/approval.pdf"): (ANY, ("D1",)),
    ("post", f"{P}/origin-check"): (("origin_supervisor",), ("M2", "S1", "T1", "H1")),
    ("post", f"{P}/origin-check/follow-up"): (MANIFEST, ("M2",)),
    ("post", f"{P}/gate-out"): (TPS, ("M1", "M2", "M3", "M6", "T1", "H1", "S1", "E7")),
    ("post", f"{P}/destination-check"): (("destination_supervisor",), ("M4", "S1")),
    ("post", f"{P}/investigation"): (("p2_section",), ("M4", "S1")),
    ("post", f"{P}/gate-in"): (TPS, ("M4", "M5", "M6", "T1", "S1", "E7")),
    ("post", f"{P}/cancellation"): (TPS, ("L1",)),
    ("post", f"{P}/cancellations/{{number}}/decision"): (KASUBSI, ("L1",)),
    ("post", H1_NOTICES): (TPS, ("H1",)),
    ("get", H1_NOTICES): (ANY, ("H1",)),
    ("get", f"{H1_NOTICES}/{{notice_id}}/attachments/{{kind}}"): (ANY, ("H1",)),
    ("get", "/api/v1/queue"): (
        ANY,
        ("R1", "R2", "R3", "R4", "R5", "M2", "M3", "M4", "M5", "T1", "L1"),
    ),
    ("get", "/api/v1/queue/summary"): (ANY, ("R4",)),
    ("post", "/api/v1/outages"): (OUTAGE_STAFF, ("F1",)),
    ("get", "/api/v1/outages"): (ANY, ("F1",)),
    ("post", "/api/v1/outages/{outage_id}/end"): (OUTAGE_STAFF, ("F3", "L2")),
    ("get", "/api/v1/outages/{outage_id}"): (ANY, ("F1", "F3")),
    ("get", "/api/v1/offices/{office_code}/service"): (ANY, ("F2",)),
    ("get", "/api/v1/offices/{office_code}/events"): (OUTAGE_STAFF, ("F1", "F2", "F3", "L2")),
    ("post", "/api/v1/manual-plps"): (OUTAGE_STAFF, ("F2", "F3")),
    ("post", "/api/v1/manual-plps/{manual_id}/decision"): (
        ("kasubsi_manifest", "admin"),
        ("F2", "R3", "F3"),
    ),
    ("get", "/api/v1/outages/{outage_id}/manual-plps"): (OUTAGE_STAFF, ("F2",)),
    ("get", REC): (OUTAGE_STAFF, ("F3", "L2")),
    ("post", f"{REC}/items/{{manual_id}}/entry"): (OUTAGE_STAFF, ("F3", "L2", "E5")),
    ("post", f"{REC}/closure"): (("kasubsi_manifest", "admin"), ("L2",)),
    ("get", REPORT): (OFFICERS, ("L3", "R4")),
    ("get", f"{REPORT}/charts/{{chart}}"): (OFFICERS, ("L3", "R4")),
    ("get", CLOSED): (ANY, ("R4", "F1", "H1")),
    ("put", f"{CLOSED}/{{day}}"): (ADMIN, ("R4", "F1", "H1")),
    ("delete", f"{CLOSED}/{{day}}"): (ADMIN, ("R4", "F1", "H1")),
    ("get", "/api/v1/tps/{code}/stock"): (ANY, ("E7",)),
    ("post", "/api/v1/gate-reports"): (TPS, ("E7", "E2", "M1", "M3", "M5", "M6", "S1", "T1")),
    ("post", "/api/v1/admin/refdata"): (ADMIN, ("E1", "E2", "E3", "E4", "E7")),
    ("get", "/api/v1/admin/offices"): (ADMIN, ("T1",)),
    ("put", "/api/v1/admin/offices/{code}"): (ADMIN, ("R4", "F1", "T1")),
    ("get", "/api/v1/admin/tps"): (ADMIN, ()),
    ("put", "/api/v1/admin/tps/{code}"): (ADMIN, ("E1", "E4")),
    ("post", "/api/v1/admin/manifests"): (ADMIN, ("E2", "E7")),
    ("post", "/api/v1/admin/declarations"): (ADMIN, ("E2", "E3")),
    ("get", "/api/v1/admin/accounts"): (ADMIN, ()),
    ("post", "/api/v1/admin/accounts"): (ADMIN, ()),
    ("post", "/api/v1/admin/accounts/{username}/api-key"): (ADMIN, ()),
    ("put", "/api/v1/admin/accounts/{username}/active"): (ADMIN, ()),
    ("get", "/api/v1/test/clock"): (ADMIN, ()),
    ("put", "/api/v1/test/clock"): (ADMIN, ("R4", "F1", "H1", "T1")),
    ("delete", "/api/v1/test/clock"): (ADMIN, ()),
    ("post", "/api/v1/test/clock/advance"): (ADMIN, ("R4", "F1", "H1", "T1")),
    ("get", "/tps/service.asmx"): (ANYONE, ()),
    ("post", "/tps/service.asmx"): (TPS, (*SUBMIT_RULES, "M3", "M5", "T1", "L1")),
}
_ROLE_WORDS = ("**role", "**any role", "**anyone")


def glossary() -> str:
    """The rule list for the document's introduction."""
    return "\n".join(f"- **{rule}** {text}" for rule, text in RULES.items())


def annotate(schema: dict[str, Any]) -> None:
    """Add who may call each operation and the rules it enforces, in words and as extensions."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            note = OPERATIONS.get((method, path))
            if note is not None and isinstance(operation, dict):
                _annotate(operation, *note)


def _annotate(operation: dict[str, Any], roles: tuple[str, ...], rules: tuple[str, ...]) -> None:
    operation["x-roles"], operation["x-rules"] = list(roles), list(rules)
    text = operation.get("description", "")
    if not text.lower().startswith(_ROLE_WORDS):
        who = ", ".join(r if " " in r else f"`{r}`" for r in roles)
        text = f"**Role** {who}.\n\n{text}".rstrip()
    if rules:
        lines = "\n".join(f"- **{r}** {RULES[r]}" for r in rules)
        text += f"\n\n**Rules enforced**\n\n{lines}"
    operation["description"] = text
