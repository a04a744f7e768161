"""D1: the *Surat Persetujuan PLP* as an A4 PDF (fpdf2), with a vector QR code (segno).

The fonts are DejaVu Sans, shipped beside this file (fonts/LICENSE) and embedded as subsets:
the document renders the same everywhere, with no network and no system font."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.domain.approval_letter import NOTE_TITLES, ApprovalLetter, LetterGoods, SupervisorNote

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"
LINE = 5.0  # mm, one line of body text
QR_SIZE = 32.0  # mm, at the top right corner of the text area
SIDE_MARGIN = 18.0  # mm
NOT_YET = "Belum dicatat (not recorded yet)"


class FpdfApprovalRenderer:
    """Renders the approval letter; one instance serves every thread (nothing is kept)."""

    def render(self, letter: ApprovalLetter, reference: str, verify_url: str) -> bytes:
        pdf = _Letter(letter, reference, verify_url)
        pdf.write_letter()
        return bytes(pdf.output())


class _Letter(FPDF):
    def __init__(self, letter: ApprovalLetter, reference: str, verify_url: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.letter, self.reference, self.verify_url = letter, reference, verify_url
        self.zone = ZoneInfo(letter.timezone)
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(SIDE_MARGIN, 15, SIDE_MARGIN)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_title(f"Surat Persetujuan PLP {letter.plp_number}")
        self.set_subject(f"PLP {letter.plp_number} - {letter.office_name}")
        self.set_creator("PLP Online")
        self.set_lang("id")
        self.set_creation_date(letter.decided_at)  # the same record prints the same file

    # --- page furniture (fpdf2 calls these on every page) ---------------------------------

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(90)
        self.cell(
            0, 4, "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.cell(0, 4, "DIREKTORAT JENDERAL BEA DAN CUKAI", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_font(FONT, "B", 11)
        self.cell(0, 6, self.letter.office_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 8)
        self.cell(
            0,
            4,
            f"Kode kantor (office code): {self.letter.office_code}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        y = self.get_y() + 1.5
        self.set_line_width(0.6)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_line_width(0.2)
        self.set_y(y + 3)

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(70)
        self.cell(
            0,
            3.5,
            f"Referensi verifikasi (verification reference): {self.reference}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.cell(
            0,
            3.5,
            f"Periksa keaslian (verify): {self.verify_url}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.cell(
            0,
            3.5,
            f"Halaman (page) {self.page_no()}/{{nb}}",
            align="R",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_text_color(0)

    # --- the letter ------------------------------------------------------------------------

    def write_letter(self) -> None:
        self.add_page()
        top = self.get_y()
        self._qr(top)
        self._title(top)
        self._section("Permohonan (request)")
        lt = self.letter
        self._field("Pemohon (applicant TPS)", lt.applicant_tps)
        self._field("Nama pemohon (applicant)", lt.applicant_name)
        self._field("Nomor referensi (reference)", lt.ref_number)
        self._field(
            "Surat permohonan (letter)", f"{lt.letter_number} tanggal {_date(lt.letter_date)}"
        )
        self._field("Alasan PLP (reason)", f"{lt.reason} ({lt.reason_text})")
        self._section("Lokasi (locations)")
        for label, party in (
            ("TPS asal (origin)", lt.origin),
            ("TPS tujuan (destination)", lt.destination),
        ):
            self._field(label, f"{party.code} - {party.name}")
            self._field("    Gudang (warehouse)", party.gudang)
        self._section("BC 1.1 (manifest)")
        self._field("Nomor / tanggal BC 1.1", f"{lt.bc11_number} tanggal {_date(lt.bc11_date)}")
        self._field("Sarana pengangkut (vessel)", lt.vessel_name or "-")
        self._field("Call sign", lt.call_sign or "-")
        self._field("Nomor voyage (voyage)", lt.voyage or "-")
        self._field("Tanggal tiba (arrival)", _date(lt.arrival_date) if lt.arrival_date else "-")
        self._goods()
        self._decision()
        self._notes()

    def _qr(self, top: float) -> None:
        qr = segno.make(self.verify_url, error="m")
        width = qr.symbol_size(scale=1, border=0)[0]
        module = QR_SIZE / width
        left = self.w - self.r_margin - QR_SIZE
        for row, bits in enumerate(qr.matrix):
            for start, length in _dark_runs(bits):  # one rectangle per run: a third of the work
                x, y = left + start * module, top + row * module
                self.rect(x, y, length * module, module, style="F")
        self.set_xy(left - 6, top + QR_SIZE + 2.5)  # the quiet zone below the symbol
        self.set_font(FONT, "", 6)
        self.cell(QR_SIZE + 6, 3, "Pindai untuk verifikasi (scan to verify)", align="C")
        self.set_xy(self.l_margin, top)

    def _title(self, top: float) -> None:
        text_w = self.w - self.l_margin - self.r_margin - QR_SIZE - 6
        self.set_font(FONT, "B", 13)
        self.multi_cell(
            text_w,
            6.5,
            "SURAT PERSETUJUAN PINDAH LOKASI PENIMBUNAN (PLP)",
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_font(FONT, "", 9)
        self.cell(
            text_w,
            5,
            "(Approval of a transfer of storage location)",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(2)
        self.set_font(FONT, "B", 10)
        self.cell(
            text_w,
            6,
            f"Nomor (number): {self.letter.plp_number}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.cell(
            text_w,
            6,
            f"Tanggal (date): {_date(self.letter.plp_date)}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        if self.letter.cancelled:
            self.set_text_color(160, 0, 0)
            self.cell(text_w, 6, "DIBATALKAN (CANCELLED)", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_color(0)
        self.set_y(max(self.get_y(), top + QR_SIZE + 6))  # below the QR code and its caption

    def _section(self, title: str) -> None:
        self.ln(2)
        self.set_font(FONT, "B", 10)
        self.set_fill_color(232, 237, 242)
        self.cell(0, 6, title, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.5)

    def _field(self, label: str, value: str) -> None:
        self.set_font(FONT, "", 9)
        self.set_text_color(70)
        self.cell(62, LINE, label)
        self.set_text_color(0)
        self.multi_cell(0, LINE, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _goods(self) -> None:
        containers = [g for g in self.letter.goods if g.container]
        packages = [g for g in self.letter.goods if not g.container]
        self._section(f"Barang (goods): {len(containers)} peti kemas, {len(packages)} B/L kemasan")
        self.set_font(FONT, "", 9)
        if containers:
            self._table(
                (
                    "No.",
                    "Nomor peti kemas (container)",
                    "Ukuran (size)",
                    "Segel BC (customs seals)",
                ),
                (10, 62, 34, 68),
                [_container_row(g) for g in containers],
            )
        if packages:
            self._table(
                ("No.", "B/L / AWB (nomor, tanggal)", "Kemasan (packages)", "Jenis (type)"),
                (10, 82, 40, 42),
                [_package_row(g) for g in packages],
            )
        if self.letter.partial:
            self.set_font(FONT, "", 8)
            self.multi_cell(
                0,
                4,
                "Sebagian barang tidak disetujui atau dipotong (some goods were refused "
                "or cut); hanya barang di atas yang boleh dipindahkan (only the goods above move).",
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )

    def _table(
        self, heads: tuple[str, ...], widths: tuple[int, ...], rows: list[tuple[str, ...]]
    ) -> None:
        with self.table(
            col_widths=widths,
            text_align="LEFT",
            line_height=LINE,
            padding=1,
            first_row_as_headings=True,
        ) as table:
            head = table.row()
            for h in heads:
                head.cell(h)
            for values in rows:
                row = table.row()
                for v in values:
                    row.cell(v)
        self.ln(1)

    def _decision(self) -> None:
        lt = self.letter
        self._section("Keputusan (decision)")
        verdict = (
            "DISETUJUI SEBAGIAN (partially approved)" if lt.partial else "DISETUJUI (approved)"
        )
        self._field("Keputusan (decision)", verdict)
        self._field("Waktu keputusan (decided at)", self._moment(lt.decided_at))
        self._field("Diputuskan oleh (decided by)", f"{lt.decider_title}: {lt.decided_by}")
        if lt.escort:
            self._field("Pengawalan (escort)", lt.escort)

    def _notes(self) -> None:
        self._section("Catatan Pejabat Bea dan Cukai (supervisors' notes)")
        recorded = self.letter.notes
        for note in recorded:
            self._note(note)
        kinds = {n.kind for n in recorded}
        for kind in ("release", "entry"):  # room to write them by hand until recorded
            if kind not in kinds and not self.letter.cancelled:
                self.set_font(FONT, "B", 9)
                self.cell(0, LINE, NOTE_TITLES[kind], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.set_font(FONT, "", 8)
                self.cell(
                    0,
                    LINE,
                    f"{NOT_YET}: ....................................................",
                    new_x=XPos.LMARGIN,
                    new_y=YPos.NEXT,
                )

    def _note(self, note: SupervisorNote) -> None:
        self.set_font(FONT, "B", 9)
        self.cell(0, LINE, NOTE_TITLES[note.kind], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._field("    Oleh / waktu (by / at)", f"{note.by}, {self._moment(note.at)}")
        self._field("    Catatan (note)", note.text or "-")

    def _moment(self, at: datetime) -> str:
        return moment(at, self.zone)


def moment(at: datetime, zone: ZoneInfo) -> str:
    """A time as the office reads it: 25-11-2026 08:00 WIB."""
    return at.astimezone(zone).strftime("%d-%m-%Y %H:%M %Z")


def _dark_runs(bits: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(first column, length) of each run of dark modules in a row of the QR matrix."""
    start = None
    col = 0
    for col, dark in enumerate(bits):
        if dark and start is None:
            start = col
        elif not dark and start is not None:
            yield start, col - start
            start = None
    if start is not None:
        yield start, col + 1 - start


def _date(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _container_row(g: LetterGoods) -> tuple[str, ...]:
    size = f"{g.size}'" + (f" ({g.iso_type})" if g.iso_type else "")
    return (str(g.line_no), g.container or "", size, ", ".join(g.seals) or "-")


def _package_row(g: LetterGoods) -> tuple[str, ...]:
    bl = f"{g.bl_number} tanggal {_date(g.bl_date)}" if g.bl_date else g.bl_number or ""
    return (str(g.line_no), bl, str(g.package_count), g.package_type or "")
