"""Issue 18: the monthly report's workbook has every title, definition and sheet name in both
languages, each sheet name within Excel's 31 characters."""

from __future__ import annotations

import pytest

from app.adapters import report_files
from app.adapters.i18n import LANGUAGES, catalogue, translator


@pytest.mark.parametrize("language", LANGUAGES)
def test_l3_every_figure_has_a_title_and_a_definition(language: str) -> None:
    texts = catalogue(language)
    for name in report_files.FIGURE_NAMES:
        assert f"reports.figure.{name}" in texts
        assert f"reports.definition.{name}" in texts
    titles = [report_files.title(n, translator(language)) for n in report_files.FIGURE_NAMES]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("language", LANGUAGES)
def test_l3_sheet_names_fit_excel(language: str) -> None:
    tr = translator(language)
    keys = ("SUMMARY", "PER_TPS", "PER_REASON", "RULES", "PER_DAY", "HISTOGRAM", "BREACHES")
    names = [tr(getattr(report_files, k)) for k in (*keys, "CHARTS")]
    assert all(0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len(set(names)) == len(names)


def test_l3_the_json_definitions_stay_english() -> None:
    assert report_files.DEFINITIONS["requests"] == "requests submitted in the month"
