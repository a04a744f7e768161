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
PUSH = "push callbacks"  # api/rest/routes/callbacks.py (issue 5)
SIMULATION = "simulation (demo and test mode)"  # api/rest/routes/simulation.py (issue 5)
CONFORMANCE = "conformance pack (demo and test mode)"  # api/rest/routes/conformance.py (17)

# The steps of SOP 7/TMPB/2018 section 10 in their order; the rest where a reader needs them.
PROCEDURE = [SUBMISSION, RESEARCH, DECISION, ORIGIN_GATE, DESTINATION_GATE, OUTAGES, REPORTS, ADMIN]

TAGS = [
    {
        "name": AUTH,
        "description": "First, log in (OAuth2 password flow) and see who you are. Use "
        "**Authorize** with a demo account, e.g. `kasubsi` / `kasubsi-demo`; the token is "
        "kept across reloads of this page.",
    },
    {
        "name": SUBMISSION,
        "description": "1. A TPS operator (role `tps_operator`) files a PLP request, reads it "
        "and may cancel it until gate-out. Checked on arrival against A1/A2 and E1-E6; routed "
        "by R1/R2; due within 3 working days (R4); refused while the manual procedure is in "
        "force (F2); cancellation L1 (an undecided request at once, an approval with the "
        "Kasubsi's approval).",
    },
    {
        "name": QUEUES,
        "description": "What waits for each role, most urgent first, with each request's SLA "
        "state (on track, at risk, breached) and working time left (R4); a count per queue.",
    },
    {
        "name": RESEARCH,
        "description": "2. The manifest officer (always) and the P2 officer (reasons YOR_SOR "
        "and STAGNATION) research the request and recommend (R1, R2).",
    },
    {
        "name": DECISION,
        "description": "3. The Kasubsi Administrasi Manifes approves, partly approves or "
        "rejects once every recommendation is in (R3), within the 3 working days (R4); and "
        "approves or refuses the cancellation of an approved PLP (L1).",
    },
    {
        "name": ORIGIN_GATE,
        "description": "4. The origin supervisor checks the goods and releases them under seal "
        "or refuses (M2, back to the manifest officer); the TPS records the gate-out time "
        "(M1, M3, M6); a move outside working hours needs a notice first (H1).",
    },
    {
        "name": DESTINATION_GATE,
        "description": "5. The destination supervisor checks again and opens the seal, or "
        "notes a discrepancy for the P2 section (M4); the TPS records the gate-in time, which "
        "ends the online procedure (M5, M6).",
    },
    {
        "name": OUTAGES,
        "description": "When TPS Online is down for more than 6 working hours the office "
        "works on paper (F1, F2); back online, the paper PLPs are reconciled (F3, L2).",
    },
    {
        "name": REPORTS,
        "description": "The monthly PLP report (L3) of an office: requests, decisions, "
        "rejections by rule, cancellations, movements, gate mismatches and decision time "
        "against the 3-working-day norm (R4); JSON, CSV, XLSX and charts.",
    },
    {
        "name": ADMIN,
        "description": "Reference data (offices, TPS, BC 1.1 manifests, declarations), "
        "closed days, accounts (role `admin`); the test clock in demo and test mode.",
    },
    {"name": LEGACY, "description": "The TPS Online SOAP service at `/tps/service.asmx`."},
    {"name": PUSH, "description": "TPS systems receive responses pushed to their URL."},
    {
        "name": SIMULATION,
        "description": "Simulated officers for test clients (never in production).",
    },
    {
        "name": CONFORMANCE,
        "description": "Numbered scenarios that grade the TPS software under test (issue 17).",
    },
]
