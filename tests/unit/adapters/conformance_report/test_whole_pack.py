"""Issue 17: the three writers over a whole pack graded by the domain's own stand-in run (a
client that resends with a new REF_NUMBER after a lost reply), with the pack's real texts:
every scenario renders, no catalogue key shows through, officers' moves are named."""

from __future__ import annotations

import json
import re
from html import escape
from xml.etree.ElementTree import fromstring

import pytest

from app.adapters import i18n
from app.adapters.conformance_report import html_report, json_report, junit
from app.domain.conformance.model import Outcome, Protocol
from tests.unit.adapters.conformance_report.reports import pack


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_whole_pack_renders_with_the_packs_texts(language: str) -> None:
    report = pack()
    tr = i18n.translator(language)
    page = html_report.render(report, tr)
    shown = re.sub(r"<[^>]+>", " ", page)  # text, not markup (ids and classes may say keys)
    assert not re.findall(r"conformance(?:_report)?\.[a-z0-9_.]+", shown)
    assert page.count('<section class="scenario') == len(report.results) == 16
    assert page.count('<g class="msg"') == sum(len(r.messages) for r in report.results)
    move = tr("conformance.move.approve")
    assert (
        escape(move, quote=True) in page
    )  # an officer's move by its name, in the diagram and the evidence
    failed = [r.scenario.id for r in report.results if r.outcome is Outcome.FAILED]
    assert failed == ["PLP-06"]
    document = json_report.render(report, tr)
    assert document["summary"]["failed"] == 1
    assert json.loads(json.dumps(document)) == document
    root = fromstring(junit.render(report, tr))  # noqa: S314 (our own output)
    assert root.get("tests") == "16"
    assert root.get("failures") == "1"


def test_the_whole_pack_over_rest_lists_the_notice_and_leaves_out_the_quirks() -> None:
    page = html_report.render(pack(Protocol.REST), i18n.translator("en"))
    assert 'id="plp-14"' in page
    assert 'id="plp-17"' not in page
    assert "PLP-17" in page[page.index('id="not-listed"') :]
