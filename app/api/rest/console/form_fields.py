"""The fields of the console's step forms: reading what a form sent, and drawing the fields
in the page's language, empty or as sent when the step was refused."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from html import escape

from starlette.datastructures import FormData

from app.adapters.i18n import Translator
from app.domain.errors import InvalidInputError

SEAL_SPLIT = re.compile(r"[\s,;]+")


def choice(tr: Translator, form: FormData, name: str, values: tuple[str, ...]) -> str:
    value = form.get(name)
    if value not in values:
        raise InvalidInputError(tr("console.form.choose", field=tr(f"console.field.{name}")), name)
    return str(value)


def yes(tr: Translator, form: FormData, name: str) -> bool:
    return choice(tr, form, name, ("yes", "no")) == "yes"


def field(form: FormData, name: str, limit: int = 500) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def seal_numbers(text: str) -> tuple[str, ...]:
    return tuple(n.upper() for n in SEAL_SPLIT.split(text) if n)


def day(tr: Translator, form: FormData, name: str) -> date | None:
    sent = field(form, name, 10)
    if not sent:
        return None
    try:
        return date.fromisoformat(sent)
    except ValueError:
        raise InvalidInputError(tr("console.form.bad_date"), name) from None


# --- drawing a form ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    """Draws a form's fields in the page's language: empty, or as the caller sent them when
    the step was refused (nothing to type again)."""

    tr: Translator
    sent: Mapping[str, str] | None = None

    def radios(self, name: str, options: tuple[str, ...]) -> str:
        tr, checked = self.tr, (self.sent or {}).get(name)
        items = "".join(
            f'<label class="inline"><input type="radio" name="{name}" value="{v}" '
            f'id="{name}-{v}"{" checked" if v == checked else ""} required> '
            f"{escape(tr(f'console.option.{name}.{v}'))}</label>"
            for v in options
        )
        return f"<fieldset><legend>{escape(tr(f'console.field.{name}'))}</legend>{items}</fieldset>"

    def input(self, name: str, kind: str = "text", label: str = "") -> str:
        text = escape(label or self.tr(f"console.field.{name}"))
        value = (self.sent or {}).get(name, "")
        return (
            f'<label for="f-{name}">{text}</label>'
            f'<input type="{kind}" id="f-{name}" name="{name}" value="{escape(value)}">'
        )

    def note(self, name: str = "note", required: bool = False) -> str:
        need = " required" if required else ""
        value = escape((self.sent or {}).get(name, ""))
        return (
            f'<label for="f-{name}">{escape(self.tr(f"console.field.{name}"))}</label>'
            f'<textarea id="f-{name}" name="{name}" maxlength="500"{need}>{value}</textarea>'
        )

    def checkbox(self, name: str, checked: bool, label: str = "") -> str:
        """`checked` on a fresh form; a sent form keeps what was ticked."""
        if self.sent is not None:
            checked = self.sent.get(name) == "yes"
        text = escape(label or self.tr(f"console.field.{name}"))
        mark = " checked" if checked else ""
        return (
            f'<label class="inline"><input type="checkbox" id="f-{name}" name="{name}" '
            f'value="yes"{mark}> {text}</label>'
        )
