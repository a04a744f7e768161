"""The box of a table that scrolls sideways on a narrow screen (issue 18's phone widths)."""

from __future__ import annotations

from html import escape


def scroll_region(label: str) -> str:
    """Its attributes: reachable by keyboard and named, as a scrollable region must be
    (axe-core's scrollable-region-focusable)."""
    return f'class="scroll" tabindex="0" role="region" aria-label="{escape(label)}"'
