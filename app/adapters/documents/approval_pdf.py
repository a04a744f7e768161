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

from app.adapters.i18n import DEFAULT, translator
from app.domain.approval_letter import ApprovalLetter, LetterGoods, SupervisorNote

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"
LINE = 5.0  # mm, one line of body text
QR_SIZE = 32.0  # mm, at the top right corner of the text area
SIDE_MARGIN = 18.0  # mm


class FpdfApprovalRenderer:
    """Renders the approval letter; one instance serves every thread (nothing is kept).
    `language` "id": the Indonesian document with its English glosses; "en": the English
    reading of it (issue 18; the texts are in locale/*/documents.po)."""

    def __init__(self, language: str = DEFAULT) -> None:
        self.language = language

    def render(self, letter: ApprovalLetter, reference: str, verify_url: str) -> bytes:
        pdf = _Letter(letter, reference, verify_url, self.language)
        pdf.write_letter()
        return bytes(pdf.output())


class _Letter(FPDF):
    def __init__(
        self, letter: ApprovalLetter, reference: str, verify_url: str, language: str
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.letter, self.reference, self.verify_url = letter, reference, verify_url
        self.tr = translator(language)
        self.zone = ZoneInfo(letter.timezone)
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(SIDE_MARGIN, 15, SIDE_MARGIN)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_title(self.tr("documents.pdf_title", number=letter.plp_number))
        self.set_subject(f"PLP {letter.plp_number} - {letter.office_name}")
        self.set_creator("PLP Online")
        self.set_lang(self.tr.language)
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
            self.tr("documents.verification_reference", reference=self.reference),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.cell(
            0,
            3.5,
            self.tr("documents.verify", url=self.verify_url),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.cell(
            0,
            3.5,
            self.tr("documents.page", page=self.page_no()),
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
        self._section(self.tr("documents.section.request"))
        lt = self.letter
        tr = self.tr
        self._field(tr("documents.applicant_tps"), lt.applicant_tps)
        self._field(tr("documents.applicant"), lt.applicant_name)
        self._field(tr("documents.reference"), lt.ref_number)
        self._field(tr("documents.letter"), self._dated(lt.letter_number, lt.letter_date))
        self._field(tr("documents.reason"), f"{lt.reason} ({lt.reason_text})")
        self._section(tr("documents.section.locations"))
        for label, party in (
            (tr("documents.origin"), lt.origin),
            (tr("documents.destination"), lt.destination),
        ):
            self._field(label, f"{party.code} - {party.name}")
            self._field(tr("documents.gudang"), party.gudang)
        self._section(tr("documents.section.manifest"))
        self._field(tr("documents.bc11"), self._dated(lt.bc11_number, lt.bc11_date))
        self._field(tr("documents.vessel"), lt.vessel_name or "-")
        self._field(tr("documents.call_sign"), lt.call_sign or "-")
        self._field(tr("documents.voyage"), lt.voyage or "-")
        self._field(tr("documents.arrival"), _date(lt.arrival_date) if lt.arrival_date else "-")
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
        self.cell(QR_SIZE + 6, 3, self.tr("documents.scan"), align="C")
        self.set_xy(self.l_margin, top)

    def _title(self, top: float) -> None:
        text_w = self.w - self.l_margin - self.r_margin - QR_SIZE - 6
        self.set_font(FONT, "B", 13)
        self.multi_cell(
            text_w,
            6.5,
            self.tr("documents.title"),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_font(FONT, "", 9)
        self.cell(
            text_w,
            5,
            self.tr("documents.subtitle"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(2)
        self.set_font(FONT, "B", 10)
        self.cell(
            text_w,
            6,
            self.tr("documents.number", number=self.letter.plp_number),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.cell(
            text_w,
            6,
            self.tr("documents.date", date=_date(self.letter.plp_date)),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        if self.letter.cancelled:
            self.set_text_color(160, 0, 0)
            cancelled = self.tr("documents.cancelled")
            self.cell(text_w, 6, cancelled, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
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
        counts = {"containers": len(containers), "packages": len(packages)}
        self._section(self.tr("documents.section.goods", **counts))
        self.set_font(FONT, "", 9)
        if containers:
            self._table(
                (
                    "No.",
                    self.tr("documents.container"),
                    self.tr("documents.size"),
                    self.tr("documents.seals"),
                ),
                (10, 62, 34, 68),
                [_container_row(g) for g in containers],
            )
        if packages:
            self._table(
                (
                    "No.",
                    self.tr("documents.bl"),
                    self.tr("documents.packages"),
                    self.tr("documents.package_type"),
                ),
                (10, 82, 40, 42),
                [self._package_row(g) for g in packages],
            )
        if self.letter.partial:
            self.set_font(FONT, "", 8)
            self.multi_cell(
                0,
                4,
                self.tr("documents.partial"),
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
        tr = self.tr
        self._section(tr("documents.section.decision"))
        verdict = tr("documents.partially_approved" if lt.partial else "documents.approved")
        self._field(tr("documents.decision"), verdict)
        self._field(tr("documents.decided_at"), self._moment(lt.decided_at))
        self._field(tr("documents.decided_by"), f"{lt.decider_title}: {lt.decided_by}")
        if lt.escort:
            self._field(tr("documents.escort"), lt.escort)

    def _notes(self) -> None:
        self._section(self.tr("documents.section.notes"))
        recorded = self.letter.notes
        for note in recorded:
            self._note(note)
        kinds = {n.kind for n in recorded}
        for kind in ("release", "entry"):  # room to write them by hand until recorded
            if kind not in kinds and not self.letter.cancelled:
                self.set_font(FONT, "B", 9)
                self.cell(0, LINE, self._note_title(kind), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.set_font(FONT, "", 8)
                self.cell(
                    0,
                    LINE,
                    f"{self.tr('documents.not_yet')}: "
                    "....................................................",
                    new_x=XPos.LMARGIN,
                    new_y=YPos.NEXT,
                )

    def _note(self, note: SupervisorNote) -> None:
        self.set_font(FONT, "B", 9)
        self.cell(0, LINE, self._note_title(note.kind), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._field(self.tr("documents.by_at"), f"{note.by}, {self._moment(note.at)}")
        self._field(self.tr("documents.note"), note.text or "-")

    def _note_title(self, kind: str) -> str:
        return self.tr(f"documents.note.{kind}")  # the kinds of NOTE_TITLES

    def _moment(self, at: datetime) -> str:
        return moment(at, self.zone)

    def _dated(self, number: str, day: date) -> str:
        return self.tr("documents.dated", number=number, date=_date(day))

    def _package_row(self, g: LetterGoods) -> tuple[str, ...]:
        bl = self._dated(g.bl_number or "", g.bl_date) if g.bl_date else g.bl_number or ""
        return (str(g.line_no), bl, str(g.package_count), g.package_type or "")


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
