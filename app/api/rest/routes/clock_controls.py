"""Test-only controls (demo and test mode): move the service's clock to see time-based rules.

In production these paths do not exist (404), so no one can move the clock of a real service.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from app.adapters.clock import AdjustableClock
from app.api.http import tags
from app.api.http.wiring import Services, ServicesDep
from app.api.rest.deps import AdminDep
from app.api.rest.schemas.plp_in import AwareMoment
from app.api.rest.times import OfficeTime
from app.domain.errors import NotFoundError


def _adjustable(services: ServicesDep) -> AdjustableClock:
    clock = services.clock
    if not services.settings.allows_test_controls or not isinstance(clock, AdjustableClock):
        raise NotFoundError("test controls exist only in demo and test mode")
    return clock


router = APIRouter(
    prefix="/api/v1/test/clock", tags=[tags.ADMIN], dependencies=[Depends(_adjustable)]
)


class ClockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: AwareMoment = Field(description="with an offset, e.g. 2026-11-27T15:00:00+07:00")
    frozen: bool = Field(False, description="stand still at `at` instead of running from it")


class AdvanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(gt=0, le=366 * 24 * 3600, examples=[3600])


class ClockOut(BaseModel):
    now: OfficeTime


def _moved(services: Services, clock: AdjustableClock) -> ClockOut:
    for listener in services.clock_listeners:  # the jobs look at the new time at once
        listener()
    return ClockOut(now=clock.now())


@router.get("", summary="The service's clock (test mode)")
def get_clock(_: AdminDep, services: ServicesDep) -> ClockOut:
    return ClockOut(now=services.clock.now())


@router.put("", summary="Set the service's clock (test mode)")
def set_clock(body: ClockIn, _: AdminDep, services: ServicesDep) -> ClockOut:
    """**Role** `admin`, demo and test mode only. Every rule, job and deadline uses this time."""
    clock = _adjustable(services)
    clock.set(body.at, frozen=body.frozen)
    return _moved(services, clock)


@router.post("/advance", summary="Move the service's clock forward (test mode)")
def advance_clock(body: AdvanceIn, _: AdminDep, services: ServicesDep) -> ClockOut:
    clock = _adjustable(services)
    clock.advance(timedelta(seconds=body.seconds))
    return _moved(services, clock)


@router.delete("", summary="Back to the real time (test mode)")
def reset_clock(_: AdminDep, services: ServicesDep) -> ClockOut:
    clock = _adjustable(services)
    clock.reset()
    return _moved(services, clock)
