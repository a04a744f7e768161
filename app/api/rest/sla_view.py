"""R4 for responses: the running app's clock and calendars, reachable from the schemas.

Routes build outputs with `PlpRequestOut.of(request)`; the SLA shown there depends on the
time and the office calendar, which belong to the running app (the test clock moves). A
middleware puts them in a context variable for the length of each request, so every output
that carries a request shows its SLA without each route passing them along.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from app.domain.outage_ports import OfficeCalendarLookup
from app.domain.ports import Clock
from app.domain.sla import SlaClock, SlaStatus, assess


@dataclass(frozen=True)
class SlaView:
    calendars: OfficeCalendarLookup
    clock: Clock

    def assess(self, clock: SlaClock) -> SlaStatus | None:
        return assess(clock, self.calendars.calendar(clock.office_code), self.clock.now())


_current: ContextVar[SlaView | None] = ContextVar("plp_sla_view", default=None)


def assess_now(clock: SlaClock) -> SlaStatus | None:
    """The SLA at this moment; None outside a request of the app (nothing to measure with)."""
    view = _current.get()
    return None if view is None else view.assess(clock)


class SlaViewMiddleware:
    """Pure ASGI, so the variable is set in the task the route's thread copies its context from."""

    def __init__(self, app: ASGIApp, view: SlaView) -> None:
        self.app, self.view = app, view

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _current.set(self.view)
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
