"""A text a person reads, named by a catalogue key with its placeholders (issue 18).

The domain words nothing in Indonesian or English itself: an error carries a `Message` and
the channel that shows it asks the catalogues (app/adapters/locale/*/problems.po) for the
reader's language. `english` is today's wording, kept for the channels whose texts are wire
contracts (SOAP result strings, H2H envelopes, logs); the `en` catalogue repeats it word for
word, which tests/unit/adapters/test_problem_messages.py checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, eq=False)
class Message:
    key: str
    english: str
    params: Mapping[str, Any] = field(default_factory=dict)
    prefix: str = ""  # rule IDs put before the text ("M2/S1: "), never translated

    @property
    def text(self) -> str:
        return self.prefix + self.english.format(**self.params)

    def worded(self, tr: Callable[..., str]) -> str:
        """The text in `tr`'s language; a placeholder may itself be a Message ("the release")."""
        params = {k: v.worded(tr) if isinstance(v, Message) else v for k, v in self.params.items()}
        return self.prefix + tr(self.key, **params)

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def __str__(self) -> str:
        return self.text

    def with_prefix(self, prefix: str) -> Message:
        return replace(self, prefix=prefix)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.text) == (other.key, other.text)

    def __hash__(self) -> int:
        return hash((self.key, self.text))


def msg(key: str, english: str, /, **params: Any) -> Message:
    """`msg("problems.r3.needs_reason", "line {line} needs a reason", line=2)`."""
    return Message(key, english, dict(params))
