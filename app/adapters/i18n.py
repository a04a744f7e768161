"""Bahasa Indonesia first, English second (issue 18): every text a person reads comes from the
gettext catalogues in `locale/<language>/*.po`, read with Babel, never from strings in code.

A message is looked up by a key (`console.queue.title`), not by its English text, so a change
of wording in one language does not orphan the other. Each area keeps its own catalogue file
(`console.po`, `dashboard.po`, `problems.po`, ...) so they can grow independently; a language's
files are merged into one table. `tests/unit/adapters/test_i18n_catalogues.py` fails when a key
lacks its Indonesian (or English) text, or when code asks for a key no catalogue has.

Placeholders are `str.format` names: `{number}`. Rule IDs and machine fields are never
translated; they are passed in as placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

LANGUAGES = ("id", "en")  # the order is the preference: Indonesian first
DEFAULT = "id"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


@cache
def catalogue(language: str) -> dict[str, str]:
    """key -> text of one language, from every `.po` file of its folder (cached per process)."""
    texts: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / language).glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file, locale=language):
                if message.id and isinstance(message.id, str) and message.string:
                    texts[message.id] = str(message.string)
    return texts


class Translator:
    """The texts of one language, called with a key and its placeholders. A key missing from
    the chosen language falls back to the other, then to the key itself (the catalogue test
    keeps that from happening in a release)."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT

    def __call__(self, key: str, /, **params: object) -> str:
        text = catalogue(self.language).get(key)
        if text is None:
            fallback = next(lang for lang in LANGUAGES if lang != self.language)
            text = catalogue(fallback).get(key, key)
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return key in catalogue(self.language)


@cache
def translator(language: str) -> Translator:
    return Translator(language)


def supported(language: str | None) -> str | None:
    """`id`, `en` or None for anything else (`id-ID` -> `id`, `en_GB` -> `en`)."""
    if not language:
        return None
    try:
        code = Locale.parse(language.strip().replace("-", "_")).language
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return code if code in LANGUAGES else None


def negotiate(preferred: str | None, accept_language: str | None) -> str:
    """The language of one answer: the account's (or the toggle's) choice, else the best match
    of `Accept-Language` (RFC 9110 weights), else Indonesian."""
    chosen = supported(preferred)
    if chosen:
        return chosen
    for language in _by_weight(accept_language or ""):
        chosen = supported(language)
        if chosen:
            return chosen
    return DEFAULT


def _by_weight(header: str) -> Iterable[str]:
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and tag != "*" and weight > 0:
            ranked.append((-weight, position, tag))
    return [tag for _, _, tag in sorted(ranked)]
