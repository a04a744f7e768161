"""Issue 18: every problem text the code words (`msg("problems.key", "English")`) has its
catalogue key, and the English catalogue repeats today's wording word for word: a client that
asks for no language reads exactly what it read before."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.adapters import i18n
from app.api.http.errors import TITLES
from app.domain.messages import msg

APP = Path(i18n.__file__).resolve().parents[1]


def worded_in_code() -> dict[str, set[str]]:
    """key -> the English texts code gives it (each `msg("key", "text", ...)` call)."""
    found: dict[str, set[str]] = {}
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "msg"
                and len(node.args) >= 2
                and all(isinstance(a, ast.Constant) for a in node.args[:2])
            ):
                key, english = (a.value for a in node.args[:2])  # type: ignore[attr-defined]
                found.setdefault(key, set()).add(english)
    return found


def test_code_words_problems_with_keys_the_catalogues_have() -> None:
    worded = worded_in_code()
    assert len(worded) > 60  # the scan sees the domain's refusals
    for language in i18n.LANGUAGES:
        missing = sorted(set(worded) - set(i18n.catalogue(language)))
        assert not missing, f"keys without a {language} text: {missing}"


def test_the_english_catalogue_repeats_the_wording_of_the_code() -> None:
    en = i18n.catalogue("en")
    differ = {k: t for k, t in worded_in_code().items() if t != {en.get(k)}}
    assert not differ, f"en/problems.po differs from the code: {differ}"


def test_every_status_title_has_its_text_and_english_stays_as_it_was() -> None:
    en, ids = i18n.catalogue("en"), i18n.catalogue("id")
    for status, title in TITLES.items():
        assert en[f"problems.title.{status}"] == title
        assert ids[f"problems.title.{status}"] != title or title == "Error"
    assert "problems.title.other" in ids


def test_a_message_words_its_placeholders_even_nested_in_each_language() -> None:
    after = msg("problems.m6.after_release", "the release (M2)")
    m = msg(
        "problems.m6.before",
        "{what} time {time} is before {after}",
        what="gate-out",
        time="T",
        after=after,
    )
    assert m.text == "gate-out time T is before the release (M2)"
    worded = m.worded(i18n.translator("id"))
    assert re.search(r"gate-out", worded) and "the release" not in worded
    assert m.with_prefix("M6: ").worded(i18n.translator("en")) == "M6: " + m.text
