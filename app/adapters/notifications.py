"""Notices to TPS operators: collected in a unit of work, delivered after it commits.

A log line for now; push delivery will come later (an outbox table written in the same
transaction can implement the same `TpsNotifications` port without the domain noticing).
"""

from __future__ import annotations

import logging
from typing import Protocol

from app.domain.outage import TpsNotice

log = logging.getLogger("plp.notifications")


class NotificationSink(Protocol):
    def deliver(self, notices: list[TpsNotice]) -> None: ...


class LogNotificationSink:
    def deliver(self, notices: list[TpsNotice]) -> None:
        for n in notices:
            log.info(
                "notice to TPS %s (office %s, %s): %s", n.tps_code, n.office_code, n.kind, n.message
            )


class BufferedNotifications:
    """Implements the TpsNotifications port: nothing leaves before the commit."""

    def __init__(self) -> None:
        self.pending: list[TpsNotice] = []

    def send(self, notice: TpsNotice) -> None:
        self.pending.append(notice)
