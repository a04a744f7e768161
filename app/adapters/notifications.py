"""Notices to TPS operators: collected in a unit of work, logged after it commits, and
written to the push outbox in the same transaction (issue 5), so a TPS with a callback for
`manual_procedure` is told only of switches that really happened.
"""

from __future__ import annotations

import logging
from typing import Protocol

from app.domain.outage import TpsNotice
from app.domain.ports.push import Outbox
from app.domain.push import event_of_notice

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

    def __init__(self, outbox: Outbox | None = None) -> None:
        self.pending: list[TpsNotice] = []
        self._outbox = outbox

    def send(self, notice: TpsNotice) -> None:
        self.pending.append(notice)
        if self._outbox is not None:
            self._outbox.add([event_of_notice(notice)])
