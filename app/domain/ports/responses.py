"""Ports of the legacy response documents: a feed delivered once per TPS."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest


class ResponseKind(StrEnum):
    """The polled responses of the legacy interface (protocol note 3.3-3.5)."""

    DECISION = "plp"  # GetResponPLP: the applicant's decided requests (also rejected on arrival)
    DESTINATION = "plp_tujuan"  # GetResponPLPTujuan, GetResponPLP_Tujuan: approved moves in
    CANCELLATION = "batal"  # GetResponBatalPLP: the decisions on the applicant's cancellations
    DESTINATION_CANCELLATION = "batal_tujuan"  # GetResponBatalPLPTujuan: on approved moves


class ResponseFeed(Protocol):
    def take_undelivered(
        self, tps_code: str, kind: ResponseKind, now: datetime, limit: int
    ) -> list[PlpRequest]:
        """Responses of this kind for the TPS not delivered yet, in the order they were numbered
        when they became deliverable (not by clock time), at most `limit`, recorded as
        delivered in the same transaction (decisions: DECISION, DESTINATION)."""

    def take_cancellations(
        self, tps_code: str, kind: ResponseKind, now: datetime, limit: int
    ) -> list[tuple[PlpRequest, Cancellation]]:
        """L1: the decided cancellations of this kind not delivered yet, in the order they
        were decided; the destination's wait until it was handed the approval they end."""

    def find_cancellation(
        self, tps_code: str, ref_number: str | None, number: str | None, on: date | None
    ) -> tuple[PlpRequest, Cancellation] | None:
        """A cancellation of the TPS (as applicant or destination) with its request, by the
        cancellation's reference number (or its request's), or by its number and date."""
