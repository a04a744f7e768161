"""Structured logs: one JSON object a line, the request id of the request being served, and
no secret ever (passwords, tokens, API keys, fStream documents are masked before output)."""

from __future__ import annotations

import json
import logging
import logging.config
import re
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# Set per request by the API's observability middleware; read by the formatters and the
# login limiter (the client address of a SOAP call).
REQUEST_ID: ContextVar[str | None] = ContextVar("plp_request_id", default=None)
CLIENT_ADDRESS: ContextVar[str | None] = ContextVar("plp_client_address", default=None)

_MASK = "***"
_SECRETS = (
    # key=value / key: value / "key": "value", for the words that name a credential
    re.compile(
        r"""(?ix)(["']?\b(?:password|passwd|pwd|passwordbaru|passwordkonfirmasi|secret|token|
        access_token|api[_-]?key|authorization|jwt_secret)\b["']?\s*[=:]\s*)
        (?:"[^"]*"|'[^']*'|[^\s,;&}\]]+)"""
    ),
    # XML elements carrying credentials or a whole document (any prefix, escaped or not)
    re.compile(
        r"(?is)((?:<|&lt;)(?:\w+:)?(password|passwordbaru|passwordkonfirmasi|fstream)\b[^>]*?"
        r"(?:>|&gt;)).*?((?:<|&lt;)/(?:\w+:)?\2(?:>|&gt;))"
    ),
)
_TOKENS = (
    re.compile(r"(?i)\bbearer\s+[\w.~+/=-]+"),
    re.compile(r"\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*"),  # a JWT anywhere
    re.compile(r"\bplp_[\w-]{16,}"),  # an API key of ours (app.adapters.security.new_api_key)
)


# Every pattern above needs one of these words, in any case: text without any is left as it is,
# after a few substring tests instead of five substitutions (most lines, the access log's too).
# Lowered as the patterns' (?i) compares: also the long s, the dotless i and the dotted I.
_CLUES = (
    *("bearer", "eyj", "plp_", "passw", "pwd", "secret", "token", "key", "authorization"),
    "fstream",
)
_FOLD = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0307": None})


def scrub(text: str) -> str:
    """The text with every credential-looking value masked."""
    lowered = text.lower().translate(_FOLD) if not text.isascii() else text.lower()
    for clue in _CLUES:
        if clue in lowered:
            return _mask(text)
    return text


def _mask(text: str) -> str:
    for pattern in _TOKENS:
        text = pattern.sub(_MASK, text)
    text = _SECRETS[0].sub(lambda m: m.group(1) + _MASK, text)
    return _SECRETS[1].sub(lambda m: m.group(1) + _MASK + m.group(3), text)


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "msg", "request_id"?, ...extra fields, "exc"?}`."""

    _second: tuple[int, str] = (-1, "")  # the last second written, as text

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": self._timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        request_id = REQUEST_ID.get()
        if request_id:
            data["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = scrub(value) if isinstance(value, str) else value
        if record.exc_info:
            data["exc"] = scrub(self.formatException(record.exc_info))
        return _ENCODER.encode(data)

    def _timestamp(self, created: float) -> str:
        """`2026-11-25T01:02:03.456+00:00`, the date and time worked out once per second."""
        second = int(created)
        if self._second[0] != second:
            text = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
            self._second = (second, text)
        return f"{self._second[1]}.{int((created - second) * 1000):03d}+00:00"


_ENCODER = json.JSONEncoder(default=str, ensure_ascii=False)  # json.dumps builds one a call


class TextFormatter(logging.Formatter):
    """For people at a terminal (PLP_LOG_FORMAT=text): the same masking, the request id."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = REQUEST_ID.get()
        return scrub(f"{line} [{request_id}]" if request_id else line)


def logging_config(level: str, fmt: str) -> dict[str, Any]:
    """A dictConfig for the web processes (uvicorn's loggers included) and the scheduler."""
    formatter: dict[str, Any] = (
        {"()": JsonFormatter}
        if fmt == "json"
        else {"()": TextFormatter, "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plp": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "plp",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True, "level": level.upper()},
            "uvicorn.error": {"handlers": [], "propagate": True},
            # our access log (api/http/observability.py) replaces uvicorn's: it logs query strings
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            "apscheduler": {"level": "WARNING"},
        },
    }


def configure(level: str, fmt: str) -> None:
    logging.config.dictConfig(logging_config(level, fmt))
    # What no line of ours shows is not gathered for each record (the logging HOWTO's
    # "Optimization"): the caller's file and line, the thread and process. They were a fifth
    # of an access-log line, and the line a fifth of a kept answer's CPU (issue 13).
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
