"""The log formatter's shortcuts write what the long way writes (issue 13)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.adapters import log_format
from app.adapters.log_format import JsonFormatter, scrub

WORDS = ["password", "PassWd", "pwd", "secret", "token", "api-key", "ApiKey", "authorization"]
WORDS += ["Bearer", "eyJhbGciOi.eyJzdWIiOi.sig", "plp_0123456789abcdef", "fStream", "jwt_secret"]
WORDS += ["pa\u017f\u017fword", "authori\u0131ation", "AUTHOR\u0130ZATION", "\u212aey", "route"]
PIECES = st.sampled_from([*WORDS, "=", ": ", '"', "'", " ", "<", ">", "&lt;", "/", "x", "7"])


@given(st.lists(PIECES, max_size=12).map("".join))
def test_scrub_masks_as_every_pattern_would(text: str) -> None:
    assert scrub(text) == log_format._mask(text)


@given(st.text(max_size=40))
def test_scrub_of_any_text_is_the_patterns_answer(text: str) -> None:
    assert scrub(text) == log_format._mask(text)


def test_timestamps_are_written_as_isoformat_would() -> None:
    formatter = JsonFormatter()
    for created in (0.0, 1_764_900_000.5, 1_764_900_000.999, 1_764_900_059.1234, 1_764_900_060.0):
        record = logging.makeLogRecord({"msg": "x", "created": created})
        line = json.loads(formatter.format(record))
        assert line["ts"] == datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
