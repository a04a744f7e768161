"""Issue 18: every text has its Indonesian and its English, and code asks only for keys the
catalogues have (`tr("key")` anywhere under app/ or in a template)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.adapters import i18n

APP = Path(i18n.__file__).resolve().parents[1]
ASKED = re.compile(r"""\btr\(\s*["']([a-z0-9_.-]+)["']""")


def _asked_keys() -> set[str]:
    keys: set[str] = set()
    for path in APP.rglob("*"):
        if path.suffix in {".py", ".html", ".js"} and path.is_file():
            keys |= set(ASKED.findall(path.read_text(encoding="utf-8")))
    return keys


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_key_has_a_text_in_every_language(language: str) -> None:
    every = set().union(*(i18n.catalogue(lang) for lang in i18n.LANGUAGES))
    missing = sorted(every - set(i18n.catalogue(language)))
    assert not missing, f"keys without a {language} text: {missing}"


def test_every_key_code_asks_for_is_in_the_catalogues() -> None:
    unknown = sorted(_asked_keys() - set(i18n.catalogue("id")))
    assert not unknown, f"tr() asks for keys no catalogue has: {unknown}"


def test_placeholders_are_the_same_in_both_languages() -> None:
    names = re.compile(r"{(\w+)}")
    ids, ens = i18n.catalogue("id"), i18n.catalogue("en")
    differ = [
        k
        for k in ids.keys() & ens.keys()
        if set(names.findall(ids[k])) != set(names.findall(ens[k]))
    ]
    assert not differ, f"placeholders differ between id and en: {sorted(differ)}"


def test_indonesian_first_then_accept_language_then_the_default() -> None:
    assert i18n.negotiate(None, None) == "id"
    assert i18n.negotiate(None, "en-GB,en;q=0.9") == "en"
    assert i18n.negotiate(None, "fr, en;q=0.3, id;q=0.8") == "id"
    assert i18n.negotiate("en", "id") == "en"  # the toggle wins over the browser
    assert i18n.negotiate("xx", "de") == "id"


def test_a_translator_fills_placeholders_and_falls_back_to_the_key() -> None:
    tr = i18n.translator("id")
    assert tr("common.language.name") == "Bahasa Indonesia"
    assert i18n.translator("en")("common.language.toggle") == "Bahasa Indonesia"
    assert tr("no.such.key") == "no.such.key"
