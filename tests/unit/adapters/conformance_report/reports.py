"""RunReports built by hand for the report writers' tests (unit and browser): a passed
scenario, a failed one with three checks and a reply dropped after commit, one never started,
one of 40 messages, and texts for their catalogue keys so no test depends on the pack's own
wording."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.adapters.i18n import Translator
from app.domain.conformance.catalogue import listed
from app.domain.conformance.model import (
    Action,
    Check,
    Direction,
    Fault,
    Observed,
    Outcome,
    Protocol,
    RunReport,
    ScenarioResult,
    ScenarioSpec,
)
from tests.unit.domain.conformance.clients import Profile, play

WIB = timezone(timedelta(hours=7))
OPENED = datetime(2026, 11, 25, 9, 0, tzinfo=WIB)
LONG_ID = "RUN-" + "7f3a9c" * 24  # no place to break it: the page must still not overflow
HOSTILE = '<script>alert("x")</script>'
ENVELOPE = (
    '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    "<soap:Body><UploadMohonPLP><fStream>&lt;DOCUMENT&gt;&lt;REF_NUMBER&gt;TPKA2611250001"
    "&lt;/REF_NUMBER&gt;&lt;/DOCUMENT&gt;</fStream><Username>tpka</Username>"
    "<Password>***</Password></UploadMohonPLP></soap:Body></soap:Envelope>"
)
TEXTS = {
    "conformance.plp01.title": "Permohonan PLP diterima",
    "conformance.plp01.simulator": "Simulator menerima Permohonan PLP untuk 2 kontainer.",
    "conformance.plp01.client": "Kirim Permohonan PLP untuk kontainer yang diberikan.",
    "conformance.plp02.title": "Persetujuan melalui polling",
    "conformance.plp02.simulator": "Persetujuan diberikan setelah dua polling kosong.",
    "conformance.plp02.client": "Polling tidak lebih cepat dari 5 detik.",
    "conformance.plp04.title": "Penolakan seluruh permohonan oleh Kasubsi",
    "conformance.plp04.simulator": "Kasubsi menolak dengan alasan.",
    "conformance.plp04.client": "Ambil Penolakan, jangan laporkan gate-out.",
    "conformance.plp06.title": "Jawaban hilang setelah disimpan",
    "conformance.plp06.simulator": "Jawaban pengiriman pertama dibuang setelah disimpan.",
    "conformance.plp06.client": "Kirim ulang dengan REF_NUMBER yang SAMA.",
    "conformance.check.same_ref": "Pengiriman ulang memakai REF_NUMBER yang sama",
    "conformance.check.one_submission": "Satu Permohonan PLP untuk barang yang sama",
    "conformance.check.accepted": "Permohonan akhirnya diterima",
    "conformance.check.poll_gap": "Jeda polling paling sedikit 5 detik",
}


class FixtureTranslator(Translator):
    """The real catalogues, plus the pack's texts these fixtures name."""

    def __call__(self, key: str, /, **params: object) -> str:
        if key in TEXTS:
            return TEXTS[key]
        return super().__call__(key, **params)

    def has(self, key: str) -> bool:
        return key in TEXTS or super().has(key)


def spec(number: int, rule: str, *faults: Fault, **params: str) -> ScenarioSpec:
    return ScenarioSpec(
        id=f"PLP-{number:02d}",
        key=f"conformance.plp{number:02d}",
        rule=rule,
        protocols=frozenset(Protocol),
        faults=faults,
        params=params,
    )


def message(seq: int, operation: str, action: Action, **fields: object) -> Observed:
    values: dict[str, object] = {
        "seq": seq,
        "at": OPENED + timedelta(seconds=6 * seq),
        "direction": Direction.CLIENT,
        "protocol": Protocol.SOAP11,
        "operation": operation,
        "action": action,
        "status": 200,
    }
    return Observed(**(values | fields))  # type: ignore[arg-type]


def passed() -> ScenarioResult:
    messages = (
        message(
            1,
            "UploadMohonPLP",
            Action.SUBMIT,
            ref_number="TPKA2611250001",
            containers=("MSKU1001373", "TGHU1002113"),
            result="0|Data berhasil disimpan",
            request=ENVELOPE,
            reply="<UploadMohonPLPResult>0|Data berhasil disimpan</UploadMohonPLPResult>",
        ),
        message(
            2, "recommend (Pengawas)", Action.OTHER, direction=Direction.SIMULATOR, status=None
        ),
    )
    check = Check("conformance.check.accepted", True, "1 accepted", "1 accepted at #1", "R1", (1,))
    return ScenarioResult(
        spec(1, "R1, E1-E7"),
        Outcome.PASSED,
        (check,),
        messages,
        started_at=OPENED,
        finished_at=OPENED + timedelta(seconds=20),
        data={"bc11_number": "000123", "containers": "MSKU1001373 20, TGHU1002113 40"},
    )


def failed() -> ScenarioResult:
    """The client resent with a new REF_NUMBER after its first reply was dropped."""
    messages = (
        message(
            1,
            "UploadMohonPLP",
            Action.SUBMIT,
            ref_number="TPKA2611250001",
            status=None,
            fault=Fault.DROP_AFTER_COMMIT,
            request=ENVELOPE,
        ),
        message(
            2,
            "UploadMohonPLP",
            Action.SUBMIT,
            ref_number="TPKA2611250002",
            result="0|Data berhasil disimpan",
            request=ENVELOPE.replace("0001", "0002") + HOSTILE,
            reply="<UploadMohonPLPResult>0|Data berhasil disimpan</UploadMohonPLPResult>",
            details={"note": HOSTILE, "unbroken": LONG_ID},
        ),
        message(3, "decide (Kasubsi)", Action.OTHER, direction=Direction.SIMULATOR, result="ok"),
        message(
            4,
            "GetResponPLP",
            Action.POLL_RESPONSE,
            result="Data tidak ditemukan",
            reply="bad\x00byte " + "<RESPON>" * 3,
        ),
    )
    checks = (
        Check(
            "conformance.check.same_ref",
            False,
            "REF_NUMBER == TPKA2611250001",
            "REF_NUMBER TPKA2611250002 at #2",
            "TPS Online idempotency",
            (1, 2),
        ),
        Check(
            "conformance.check.one_submission",
            False,
            "1 submission of MSKU1001373",
            f"2 submissions (#1, #2) {LONG_ID}",
            "R1",
            (1, 2),
        ),
        Check("conformance.check.accepted", True, "accepted", "accepted at #2", "R1", (2,)),
    )
    return ScenarioResult(
        spec(6, "TPS Online idempotency", Fault.DROP_AFTER_COMMIT),
        Outcome.FAILED,
        checks,
        messages,
        started_at=OPENED + timedelta(minutes=1),
        finished_at=OPENED + timedelta(minutes=2),
        data={"ref_hint": LONG_ID},
        quirks=("error_in_http_200",),
    )


def not_attempted() -> ScenarioResult:
    return ScenarioResult(spec(4, "R3"), Outcome.NOT_ATTEMPTED)


def busy(count: int = 40) -> ScenarioResult:
    """A client that polled 40 times: the diagram grows down, one arrow per message."""
    messages = tuple(
        message(seq, "GetResponPLP", Action.POLL_RESPONSE, result="Data tidak ditemukan")
        for seq in range(1, count + 1)
    )
    check = Check("conformance.check.poll_gap", True, ">= 5 s", "6 s", "R3", (1, 2))
    return ScenarioResult(
        spec(2, "R3; TPS Online polls", min_poll_gap_seconds="5"),
        Outcome.PASSED,
        (check,),
        messages,
        started_at=OPENED + timedelta(minutes=3),
        finished_at=OPENED + timedelta(minutes=7),
    )


def run(*results: ScenarioResult, quirks: bool = True) -> RunReport:
    return RunReport(
        run_id=LONG_ID,
        account="tpka",
        tps="TPKA",
        protocol=Protocol.SOAP11,
        quirks=quirks,
        opened_at=OPENED,
        results=results or (passed(), busy(), not_attempted(), failed()),
        finished_at=OPENED + timedelta(minutes=10),
    )


BROKEN = Profile(new_ref_after_loss=True)


def pack(protocol: Protocol = Protocol.SOAP11) -> RunReport:
    """Every scenario the protocol lists, graded by the domain tests' stand-in run against a
    client that resends with a new REF_NUMBER after a lost reply (PLP-06 fails)."""
    results = []
    for spec in listed(protocol, quirks=True):
        story = play(spec.id, BROKEN, protocol.value)
        checks = story.checks()
        results.append(
            ScenarioResult(
                spec,
                story.outcome(),
                checks,
                tuple(story.messages),
                started_at=story.messages[0].at if story.messages else None,
                finished_at=story.now,
                data=story.data.as_dict(),
                quirks=tuple(spec.params.get("quirks", "").split(",")) if spec.quirks_only else (),
            )
        )
    return RunReport(
        "run-pack",
        "tpka",
        "TPKA",
        protocol,
        True,
        OPENED,
        tuple(results),
        OPENED + timedelta(minutes=4),
    )
