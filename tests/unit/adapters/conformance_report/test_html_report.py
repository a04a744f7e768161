"""Issue 17: the run's HTML report: one self-contained page, everything escaped, a sequence
diagram per scenario with one numbered arrow per message."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree.ElementTree import Element, fromstring

import pytest

from app.adapters import i18n
from app.adapters.conformance_report import html_report, sequence
from app.domain.conformance.model import Action, Direction, Fault, Outcome
from tests.unit.adapters.conformance_report.reports import (
    HOSTILE,
    FixtureTranslator,
    busy,
    failed,
    message,
    passed,
    run,
)

SVG = "{http://www.w3.org/2000/svg}"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def _diagrams(page: str) -> list[Element]:
    """Each inline SVG, parsed as XML: it must be well-formed on its own."""
    return [
        fromstring(svg)  # noqa: S314 (our own output, parsed to check its shape)
        for svg in re.findall(r"<svg .*?</svg>", page, flags=re.DOTALL)
    ]


def _arrows(svg: Element) -> list[Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == "msg"]


def test_html_report_is_one_self_contained_page_without_script() -> None:
    page = html_report.render(run(), FixtureTranslator("id"))
    tags = _tags(page)
    names = {tag for tag, _ in tags}
    assert "script" not in names
    assert not names & {"link", "img", "iframe", "object", "embed", "base", "form"}
    assert not [a for _, a in tags if any(k.startswith("on") for k in a)]  # no handlers
    hrefs = [a["href"] for _, a in tags if "href" in a]
    assert hrefs
    assert all((h or "").startswith("#") for h in hrefs)  # anchors within the page only
    assert "url(" not in page
    assert "@import" not in page
    assert "src=" not in page
    assert " style=" not in page  # one <style> element, no inline style attributes


def test_html_report_escapes_everything_from_the_run() -> None:
    page = html_report.render(run(failed()), FixtureTranslator("id"))
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;soap:Envelope" in page  # the XML excerpt shows as text
    assert "\x00" not in page
    assert "bad\\x00byte" in page


def test_html_report_headings_and_outcomes_in_indonesian_then_english() -> None:
    indonesian = html_report.render(run(), FixtureTranslator("id"))
    english = html_report.render(run(), FixtureTranslator("en"))
    assert '<html lang="id">' in indonesian
    assert '<html lang="en">' in english
    for page, words in (
        (
            indonesian,
            (
                "Laporan Uji Kesesuaian PLP Online",
                "Ringkasan",
                "TIDAK LULUS",
                "LULUS",
                "TIDAK DICOBA",
                "Pemeriksaan",
                "Diharapkan",
                "Teramati",
                "Klien TPS",
                "Simulator DJBC",
                "Pejabat",
                "Kekhasan DJBC yang diterapkan",
            ),
        ),
        (
            english,
            (
                "PLP Online conformance report",
                "Summary",
                "FAILED",
                "PASSED",
                "NOT ATTEMPTED",
                "Checks",
                "Expected",
                "Observed",
                "TPS client",
                "DJBC simulator",
                "Officers",
                "DJBC quirks applied",
            ),
        ),
    ):
        missing = [w for w in words if w not in page]
        assert not missing


def test_html_report_shows_each_scenario_with_its_parts() -> None:
    page = html_report.render(run(), FixtureTranslator("en"))
    section = page[page.index('id="plp-06"') :]
    section = section[: section.index("</section>")]
    for part in (
        "PLP-06 Jawaban hilang setelah disimpan",
        "What the simulator did",
        "Jawaban pengiriman pertama dibuang setelah disimpan.",
        "What the client had to do",
        "TPS Online idempotency",
        'class="badge failed"',
        "REF_NUMBER == TPKA2611250001",
        "REF_NUMBER TPKA2611250002 at #2",
        "reply dropped after commit",
        "<details><summary>Evidence messages (4)</summary>",
        '<a href="#plp-06-m2">#2</a>',
        'id="plp-06-m2"',
        "<code>error_in_http_200</code>",
    ):
        assert part in section, part
    not_attempted = page[page.index('id="plp-04"') :]
    assert "No message was observed." in not_attempted[: not_attempted.index("</section>")]


def test_html_report_says_when_the_quirks_switch_is_off() -> None:
    page = html_report.render(run(passed(), quirks=False), FixtureTranslator("en"))
    assert "The DJBC quirks switch is off: the service behaved as documented." in page


def test_sequence_diagram_has_an_arrow_per_message_and_a_broken_one_for_a_lost_reply() -> None:
    page = html_report.render(run(passed(), failed()), FixtureTranslator("id"))
    first, second = _diagrams(page)
    assert [g.get("data-seq") for g in _arrows(first)] == ["1", "2"]
    arrows = _arrows(second)
    assert [g.get("data-seq") for g in arrows] == ["1", "2", "3", "4"]
    broken = [g for g in second.iter(f"{SVG}g") if g.get("class") == "arrow broken"]
    assert len(broken) == 1
    assert broken[0] in list(arrows[0])  # the dropped reply of #1
    labels = ["".join(t.itertext()) for t in arrows[0].iter(f"{SVG}text")]
    assert "#1 UploadMohonPLP" in labels
    assert "jawaban hilang" in labels
    assert "\u26a1 jawaban dibuang setelah disimpan" in labels
    lanes = ["".join(t.itertext()) for t in second.iter(f"{SVG}text")][:3]
    assert lanes == ["Klien TPS", "Simulator DJBC", "Pejabat"]


def test_sequence_diagram_of_40_messages_grows_to_hold_them_all() -> None:
    page = html_report.render(run(busy(40)), FixtureTranslator("id"))
    (svg,) = _diagrams(page)
    assert len(_arrows(svg)) == 40
    height = sequence.height(40)
    assert svg.get("viewBox") == f"0 0 {sequence.WIDTH} {height}"
    assert height == sequence.HEAD + 40 * sequence.ROW + sequence.FOOT
    lowest = max(float(y) for e in svg.iter() for k, y in e.attrib.items() if k in ("y", "y2"))
    assert lowest <= height


def test_sequence_diagram_directions_officers_and_push() -> None:
    tr = FixtureTranslator("en")
    officer = message(
        1,
        "decide (Kasubsi)",
        Action.OTHER,
        direction=Direction.SIMULATOR,
        status=None,
        result="approved",
    )
    push = message(
        2,
        "POST /callback",
        Action.PUSH,
        direction=Direction.SIMULATOR,
        status=500,
        fault=Fault.DUPLICATE_DELIVERY,
    )
    svg = fromstring(sequence.diagram((officer, push), tr, "c"))  # noqa: S314 (our own output)
    first, second = _arrows(svg)
    line = next(first.iter(f"{SVG}line"))
    assert (line.get("x1"), line.get("y1")) == (str(sequence.OFFICERS), str(sequence.HEAD + 18))
    assert len([g for g in first.iter(f"{SVG}g") if g.get("class") == "arrow"]) == 1  # no reply
    line = next(second.iter(f"{SVG}line"))
    assert line.get("x1") == str(sequence.SIMULATOR)  # the simulator calls the client
    texts = ["".join(t.itertext()) for t in second.iter(f"{SVG}text")]
    assert "500" in texts
    assert "\u26a1 delivered twice" in texts


def test_sequence_diagram_draws_the_simulators_own_moves_as_a_loop_on_its_lifeline() -> None:
    tr = i18n.translator("id")
    clock = message(
        1, "advance_clock", Action.OTHER, direction=Direction.SIMULATOR, status=None, result="done"
    )
    approve = message(2, "approve", Action.OTHER, direction=Direction.SIMULATOR, status=None)
    svg = fromstring(sequence.diagram((clock, approve), tr, "c"))  # noqa: S314 (our own output)
    loop, officer = _arrows(svg)
    path = next(loop.iter(f"{SVG}path"))
    assert (path.get("d") or "").startswith(f"M{sequence.SIMULATOR} ")
    texts = ["".join(t.itertext()) for t in loop.iter(f"{SVG}text")]
    assert "#1 Jam simulator dimajukan" in texts
    assert "done" in texts
    line = next(officer.iter(f"{SVG}line"))
    assert line.get("x1") == str(sequence.OFFICERS)
    texts = ["".join(t.itertext()) for t in officer.iter(f"{SVG}text")]
    assert "#2 Rekomendasi dan Persetujuan Kasubsi" in texts
    assert "jawaban hilang" not in texts  # an officer's move has no reply to lose


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_outcome_and_fault_has_a_name_in_both_languages(language: str) -> None:
    tr = i18n.translator(language)
    keys = [f"conformance_report.outcome.{o.value}" for o in Outcome]
    keys += [f"conformance_report.fault.{f.value}" for f in Fault]
    assert [k for k in keys if not tr.has(k)] == []
