"""Reading one fStream block (Tolerant Reader): child elements by local name, in any
namespace, as trimmed text, each value checked for the format and length our tables allow."""

from __future__ import annotations

import re
from datetime import date, datetime

from lxml import etree

from app.api.soap.errors import BadValueError, MissingElementError
from app.api.soap.xml_safety import local_name

_DIGITS6 = re.compile(r"^\d{6}$")


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local_name(c.tag).upper() == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    return next(iter(children(element, name)), None)


class Fields:
    """The text children of one element, e.g. a HEADER or a CONT."""

    def __init__(self, element: etree._Element | None, where: str) -> None:
        self.where = where
        self._values = {
            local_name(c.tag).upper(): (c.text or "").strip()
            for c in (element if element is not None else ())
        }

    def opt(self, name: str, max_len: int) -> str | None:
        value = self._values.get(name) or None
        if value is not None and len(value) > max_len:
            raise BadValueError(f"{self.where}: {name} is longer than {max_len} characters", name)
        return value

    def req(self, name: str, max_len: int) -> str:
        value = self.opt(name, max_len)
        if value is None:
            raise MissingElementError(f"{self.where}: {name} is missing or empty", name)
        return value

    def code(self, name: str, length: int = 4) -> str:
        value = self.req(name, length).upper()
        if len(value) != length:
            raise BadValueError(f"{self.where}: {name} must have {length} characters", name)
        return value

    def digits6(self, name: str) -> str:
        value = self.req(name, 6)
        if not _DIGITS6.match(value):
            raise BadValueError(f"{self.where}: {name} must be 6 digits", name)
        return value

    def day(self, name: str) -> date:
        value = self.req(name, 8)
        try:
            return datetime.strptime(value, "%Y%m%d").date()  # noqa: DTZ007 (a date)
        except ValueError as exc:
            raise BadValueError(f"{self.where}: {name} {value!r} is not YYYYMMDD", name) from exc

    def opt_day(self, name: str) -> date | None:
        return self.day(name) if self._values.get(name) else None

    def moment(self, name: str) -> datetime:
        """YYYYMMDDHHMMSS (or without seconds), a local time without an offset."""
        value = self.req(name, 14)
        for fmt in ("%Y%m%d%H%M%S", "%Y%m%d%H%M"):
            try:
                return datetime.strptime(value, fmt)  # noqa: DTZ007 (the office's local time)
            except ValueError:
                continue
        raise BadValueError(f"{self.where}: {name} {value!r} is not YYYYMMDDHHMMSS", name)

    def number(self, name: str, low: float = 0, high: float = 1000) -> float | None:
        value = self.opt(name, 12)
        if value is None:
            return None
        try:
            number = float(value.replace(",", "."))
        except ValueError as exc:
            raise BadValueError(f"{self.where}: {name} {value!r} is not a number", name) from exc
        if not low <= number <= high:
            raise BadValueError(f"{self.where}: {name} must be between {low:g} and {high:g}", name)
        return number

    def count(self, name: str) -> int:
        number = self.number(name, -1_000_000, 10_000_000)
        if number is None:
            raise MissingElementError(f"{self.where}: {name} is missing or empty", name)
        if number != int(number):
            raise BadValueError(f"{self.where}: {name} must be a whole number", name)
        return int(number)
