"""Port of the TPS stock (E7): where each goods item of a BC 1.1 is."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from app.domain.stock import GoodsPosition, StockFilter, StockPage


class GoodsStock(Protocol):
    def positions(
        self, office_code: str, bc11_number: str, bc11_date: date, keys: Iterable[str]
    ) -> dict[str, GoodsPosition]:
        """The stored positions of these goods by key, locked for the transaction; goods
        without one are on board (no TPS has reported them in)."""

    def save(self, position: GoodsPosition) -> None: ...

    def list(self, filters: StockFilter) -> StockPage:
        """The positions at or last left from a TPS, by BC 1.1 date, number and goods key."""

    def released(
        self, office_code: str, bc11_number: str, bc11_date: date, keys: Iterable[str]
    ) -> set[str]:
        """Which of these goods an SPPB under this BC 1.1 releases (a gate-out under SPPB)."""
