"""OpenAPI tags in the order of the procedure, so the docs read as a manual."""

from __future__ import annotations

SUBMISSION = "submission"
RESEARCH = "research and recommendation"
DECISION = "decision"
ORIGIN_GATE = "origin gate"
DESTINATION_GATE = "destination gate"
OUTAGES = "outages and manual procedure"
REPORTS = "reports"
QUEUES = "work queues"
ADMIN = "administration"
AUTH = "authentication"
LEGACY = "legacy SOAP"

TAGS = [
    {
        "name": AUTH,
        "description": "Log in (OAuth2 password flow) and see who you are. "
        "Use **Authorize** with a demo account, e.g. `kasubsi` / `kasubsi-demo`.",
    },
    {
        "name": SUBMISSION,
        "description": "TPS operators file, read and cancel PLP requests "
        "(role `tps_operator`; rules A1/A2, E1-E6, L1).",
    },
    {
        "name": RESEARCH,
        "description": "Manifest officer (always) and P2 officer (reasons YOR_SOR "
        "and STAGNATION) research and recommend (rules R1, R2).",
    },
    {
        "name": DECISION,
        "description": "The Kasubsi Administrasi Manifes approves, partly approves "
        "or rejects once every recommendation is in (rule R3).",
    },
    {
        "name": ORIGIN_GATE,
        "description": "Origin supervisor's check and release, the manifest "
        "officer's follow-up of a refused release, and the gate-out time (M1-M3, M6).",
    },
    {
        "name": DESTINATION_GATE,
        "description": "Destination supervisor's check, the P2 section's "
        "investigation of a discrepancy, and the gate-in time (M4-M6).",
    },
    {"name": OUTAGES, "description": "Outages of TPS Online and the manual procedure (F1-F3, L2)."},
    {"name": REPORTS, "description": "Monthly PLP report (L3)."},
    {"name": QUEUES, "description": "What waits for the caller's role, oldest first."},
    {
        "name": ADMIN,
        "description": "Reference data (offices, TPS, BC 1.1 manifests, declarations) "
        "and accounts (role `admin`).",
    },
    {"name": LEGACY, "description": "The TPS Online SOAP service at `/tps/service.asmx`."},
]
