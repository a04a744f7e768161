"""Extra closed days of an office, on top of public holidays and cuti bersama (section 5)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from app.adapters.sql.repositories.closed_day_repository import ClosedDay
from app.api.http import tags
from app.api.http.wiring import ServicesDep
from app.api.rest.deps import ActorDep, AdminDep
from app.api.rest.times import OfficeTime
from app.domain.errors import NotFoundError

router = APIRouter(prefix="/api/v1/offices/{office_code}/closed-days", tags=[tags.ADMIN])


class ClosedDayIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=200, examples=["office relocation"])


class ClosedDayOut(BaseModel):
    office_code: str
    day: date
    reason: str
    added_by: str
    added_at: OfficeTime


@router.get("", summary="Extra closed days of an office")
def list_closed_days(office_code: str, _: ActorDep, services: ServicesDep) -> list[ClosedDayOut]:
    """**Any role.** Public holidays and cuti bersama come from the holiday source and are
    not listed here."""
    return [ClosedDayOut(**asdict(d)) for d in services.closed_days.list(office_code)]


@router.put("/{day}", summary="Close an office on a day")
def put_closed_day(
    office_code: str, day: date, body: ClosedDayIn, actor: AdminDep, services: ServicesDep
) -> ClosedDayOut:
    """**Role** `admin`. The day stops counting as working time for R4, F1 and H1 from now on;
    deadlines already given are kept."""
    closed = ClosedDay(office_code, day, body.reason, actor.username, services.clock.now())
    services.closed_days.put(closed)
    return ClosedDayOut(**asdict(closed))


@router.delete("/{day}", status_code=204, summary="Open an office again on a day")
def delete_closed_day(office_code: str, day: date, _: AdminDep, services: ServicesDep) -> Response:
    """**Role** `admin`."""
    if not services.closed_days.delete(office_code, day):
        raise NotFoundError(f"office {office_code} is not closed on {day.isoformat()}")
    return Response(status_code=204)
