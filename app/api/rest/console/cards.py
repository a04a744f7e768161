"""The pieces every card of the request page is made of."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from app.adapters.i18n import Translator


def card(section_id: str, title: str, body: str) -> str:
    return f'<section class="card" id="{section_id}"><h2>{escape(title)}</h2>{body}</section>'


def facts(rows: Iterable[tuple[str, str]]) -> str:
    """Label and value pairs; values are HTML already escaped by the caller."""
    items = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="facts">{items}</dl>'


def yes_no(tr: Translator, value: bool | None) -> str:
    if value is None:
        return escape(tr("console.value.undecided"))
    return escape(tr("console.value.yes" if value else "console.value.no"))


def text(value: object) -> str:
    return "-" if value is None or value == "" else escape(str(value))
