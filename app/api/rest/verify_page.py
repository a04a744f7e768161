"""HTML of `/verify/{reference}` (D1): the record behind a printed approval, in Indonesian with
English in brackets, inline styles only (the dashboard's strict CSP)."""

from __future__ import annotations

from datetime import date
from html import escape
from zoneinfo import ZoneInfo

from app.adapters.documents.approval_pdf import moment
from app.domain.approval_letter import NOTE_TITLES, ApprovalLetter, LetterGoods, Verification
from app.domain.status import PlpStatus

S = PlpStatus
STATUS_LABELS = {
    S.APPROVED: "Disetujui, menunggu pengeluaran (approved)",
    S.RELEASE_REFUSED: "Pengeluaran ditolak di TPS asal (release refused)",
    S.RELEASED: "Disegel dan dikeluarkan (released)",
    S.GATED_OUT: "Keluar dari TPS asal (gated out)",
    S.DISCREPANCY: "Ketidaksesuaian di TPS tujuan (discrepancy)",
    S.ENTERED: "Diterima di TPS tujuan (entered)",
    S.HELD: "Ditahan, penindakan (held)",
    S.GATED_IN: "Masuk TPS tujuan, selesai (gated in)",
    S.CANCELLED: "Dibatalkan (cancelled)",
}
STYLE = """
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
  header { background: #12395c; color: #fff; padding: 12px 20px; }
  header h1 { font-size: 18px; margin: 0; }
  main { padding: 12px 20px; max-width: 860px; }
  section { background: #fff; border-radius: 6px; padding: 10px 14px; margin-bottom: 12px;
            box-shadow: 0 1px 2px rgba(0, 0, 0, .12); }
  h2 { font-size: 15px; margin: 0 0 6px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #e3e7eb;
           vertical-align: top; }
  .verdict { font-size: 17px; font-weight: bold; padding: 10px 14px; border-radius: 6px; }
  .current { background: #e3f2e5; color: #1b5e20; }
  .superseded, .unknown { background: #fde0e0; color: #8e1b1b; }
  .muted { color: #5f6b77; font-size: 13px; }
"""


def verification_page(v: Verification) -> str:
    lt = v.letter
    if v.current:
        verdict = (
            '<p class="verdict current">BERLAKU (CURRENT): dokumen cetak sesuai dengan data '
            "sistem (the print matches the record).</p>"
        )
    else:
        verdict = (
            '<p class="verdict superseded">DIGANTI (SUPERSEDED): data telah berubah setelah '
            "dokumen ini dicetak; yang berlaku adalah data di bawah ini (the record changed "
            "after printing; what follows is the record now).</p>"
        )
    status = STATUS_LABELS.get(v.status, v.status.value)
    body = "\n".join(
        (
            f"<section>{verdict}<p>Status PLP saat ini (status now): <b>{escape(status)}</b></p>"
            f'<p class="muted">Revisi tercetak (printed revision) {escape(v.printed_revision)}; '
            f"revisi saat ini (current revision) {escape(lt.revision)}</p></section>",
            _summary(lt),
            _goods(lt),
            _notes(lt),
        )
    )
    return _page(f"Verifikasi PLP {lt.plp_number}", body)


def unknown_page() -> str:
    body = (
        '<section><p class="verdict unknown">Referensi tidak dikenal (unknown reference)</p>'
        "<p>Referensi ini tidak sesuai dengan Surat Persetujuan PLP mana pun di sistem: dokumen "
        "cetak ini tidak dapat diverifikasi dan tidak boleh diterima. (This reference matches no "
        "PLP approval in the system: the print cannot be verified and must not be accepted.)"
        "</p></section>"
    )
    return _page("Verifikasi PLP: referensi tidak dikenal", body)


def _summary(lt: ApprovalLetter) -> str:
    zone = ZoneInfo(lt.timezone)
    rows = (
        ("Kantor (office)", f"{lt.office_code} {lt.office_name}"),
        ("Nomor / tanggal PLP (number / date)", f"{lt.plp_number} / {_date(lt.plp_date)}"),
        ("Pemohon (applicant)", f"{lt.applicant_tps}, {lt.applicant_name}"),
        ("Surat permohonan (letter)", f"{lt.letter_number} / {_date(lt.letter_date)}"),
        ("TPS asal (origin)", f"{lt.origin.code} {lt.origin.name}, gudang {lt.origin.gudang}"),
        (
            "TPS tujuan (destination)",
            f"{lt.destination.code} {lt.destination.name}, gudang {lt.destination.gudang}",
        ),
        ("BC 1.1", f"{lt.bc11_number} / {_date(lt.bc11_date)}"),
        ("Sarana pengangkut / voyage", f"{lt.vessel_name} {lt.call_sign} / {lt.voyage}"),
        ("Keputusan (decision)", "disetujui sebagian" if lt.partial else "disetujui"),
        (
            "Diputuskan (decided)",
            f"{lt.decider_title}: {lt.decided_by}, {moment(lt.decided_at, zone)}",
        ),
        ("Pengawalan (escort)", lt.escort or "-"),
    )
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<section><h2>Surat Persetujuan PLP</h2><table>{cells}</table></section>"


def _goods(lt: ApprovalLetter) -> str:
    rows = "".join(
        f"<tr>{''.join(f'<td>{escape(c)}</td>' for c in _row(g))}</tr>" for g in lt.goods
    )
    head = "<tr><th>No.</th><th>Barang (goods)</th><th>Ukuran / jumlah</th><th>Segel BC</th></tr>"
    return f"<section><h2>Barang (goods)</h2><table>{head}{rows}</table></section>"


def _row(g: LetterGoods) -> tuple[str, str, str, str]:
    if g.container:
        return (str(g.line_no), g.container, f"{g.size}'", ", ".join(g.seals) or "-")
    bl = f"B/L {g.bl_number} / {_date(g.bl_date) if g.bl_date else '-'}"
    return (str(g.line_no), bl, f"{g.package_count} {g.package_type}", "-")


def _notes(lt: ApprovalLetter) -> str:
    zone = ZoneInfo(lt.timezone)
    items = "".join(
        f"<tr><th>{escape(NOTE_TITLES[n.kind])}</th><td>{escape(n.by)}, "
        f"{escape(moment(n.at, zone))}<br>{escape(n.text or '-')}</td></tr>"
        for n in lt.notes
    )
    table = f"<table>{items}</table>" if items else "<p>Belum ada (none yet)</p>"
    return f"<section><h2>Catatan pejabat (officers' notes)</h2>{table}</section>"


def _date(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<header><h1>PLP Online: verifikasi dokumen (document verification)</h1></header>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
