"""Result strings old clients parse (protocol note 3.1-3.3): `Proses Berhasil`, an escaped
`<DOCUMENT><GAGAL>` with our KD_RES, `Data tidak ditemukan`, and CoarriCodeco entries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.api.soap import codes
from app.api.soap.documents_out import DOCUMENT, element
from app.api.soap.envelope import escape
from app.domain.errors import PlpError
from app.domain.plp_parts import Finding

NOT_FOUND = "Data tidak ditemukan"
PARSE_FAILED = "Gagal Parsing XML"


def accepted(ref_number: str) -> str:
    return f"Proses Berhasil {ref_number}"


def gate_accepted(ref_number: str) -> str:
    """WMSB takes the REF_NUMBER as the fourth space-separated token."""
    return f"Proses Berhasil REF {ref_number}"


@dataclass(frozen=True)
class Refusal:
    """Why one LOADPLP/BATALPLP was not accepted: (KD_RES, rule, line, detail) per reason."""

    ref_number: str
    reasons: tuple[tuple[codes.KdRes, str | None, int | None, str], ...]

    @classmethod
    def of_error(cls, ref_number: str, exc: PlpError) -> Refusal:
        kd = codes.for_error(exc)
        return cls(ref_number, ((kd, exc.rule or kd.rule or None, None, exc.detail),))

    @classmethod
    def of_findings(cls, ref_number: str, findings: Iterable[Finding]) -> Refusal:
        return cls(
            ref_number,
            tuple((codes.for_finding(f), f.rule, f.line_no, f.detail) for f in findings),
        )

    def xml(self) -> str:
        """One KD_RES element listing each failed rule's code once, comma-separated, so that
        both `~<KD_RES>([^{]*)</KD_RES>~` (greedy) and SimpleXML (WMSB joins KD_RES with
        commas) read the same "104,105"; then the reference, the reasons in words, and one
        ALASAN per reason with its rule and line."""
        unique = ",".join(dict.fromkeys(kd.code for kd, *_ in self.reasons))
        words = "; ".join(f"{rule or kd.code}: {detail}" for kd, rule, _, detail in self.reasons)
        details = "".join(
            element(
                "ALASAN",
                [("KODE", kd.code), ("ATURAN", rule), ("BARIS", line), ("URAIAN", detail)],
            )
            for kd, rule, line, detail in self.reasons
        )
        return (
            f"<GAGAL><KD_RES>{unique}</KD_RES><REF_NUMBER>{escape(self.ref_number)}</REF_NUMBER>"
            f"<KETERANGAN>{escape(words)}</KETERANGAN><RINCIAN>{details}</RINCIAN></GAGAL>"
        )


def upload_result(accepted_refs: Sequence[str], refusals: Sequence[Refusal]) -> str:
    """`Proses Berhasil REF` when every block is accepted (`;`-joined for several blocks),
    else a GAGAL per refused block and a DITERIMA per accepted one (never the word
    "berhasil" in a failure: IPC's clients search for it in lower case)."""
    if not refusals:
        return ";".join(accepted(ref) for ref in accepted_refs)
    taken = "".join(
        f"<DITERIMA><REF_NUMBER>{escape(r)}</REF_NUMBER></DITERIMA>" for r in accepted_refs
    )
    return DOCUMENT.format("".join(r.xml() for r in refusals) + taken)


def not_allowed(exc: PlpError) -> str:
    """Polling another TPS's data: a RESPON message (protocol note 3.3) with our KD_RES."""
    kd = codes.for_error(exc)
    return (
        f'<?xml version="1.0"?><RESPON><KD_RES>{kd.code}</KD_RES>'
        f"<KETERANGAN>{escape(exc.detail)}</KETERANGAN></RESPON>"
    )


def gate_refused(ref_number: str, exc: PlpError) -> str:
    """A `Gagal` entry: WMSB looks for 'Gagal Insert'; `;` would split the entry, so none."""
    kd = codes.for_error(exc)
    rule = f" {exc.rule}" if exc.rule else ""
    detail = exc.detail.replace(";", ",")
    return f"Gagal Insert REF {ref_number} KD_RES {kd.code}{rule}: {detail}"


def documents(parts: Iterable[str]) -> str:
    joined = "".join(parts)
    return DOCUMENT.format(joined) if joined else NOT_FOUND
