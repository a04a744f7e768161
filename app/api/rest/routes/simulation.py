"""Simulation mode (issue 5; demo and test mode only, absent in production): auto-officer
policies per office, a run on demand, and a test TPS resetting its own data."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from app.adapters.sql.repositories.simulation_repository import SqlSimulationStore
from app.api.http.wiring import Services, ServicesDep
from app.api.rest.deps import ActorDep, AdminDep
from app.domain.errors import NotFoundError
from app.domain.reasons import PlpReason
from app.domain.services import simulation
from app.domain.simulation import AutoMode, SimulationPolicy

TAG = "simulation (demo and test mode)"


async def _simulation_mode(services: ServicesDep) -> None:
    if not services.settings.allows_test_controls:
        raise NotFoundError("simulation mode exists only in demo and test mode")


router = APIRouter(
    prefix="/api/v1/simulation", tags=[TAG], dependencies=[Depends(_simulation_mode)]
)
Marker = Annotated[str, Field(max_length=40)]


class PolicyIn(BaseModel):
    """What the simulated officers of an office do. Modes: `human` (leave it to people),
    `approve` (approve / match everything after the delay), `rules` (below)."""

    model_config = ConfigDict(extra="forbid")

    decisions: AutoMode = Field(AutoMode.HUMAN, description="recommendations and the decision")
    decision_delay_seconds: float = Field(0, ge=0, le=30 * 86400, description="from arrival")
    checks: AutoMode = Field(AutoMode.HUMAN, description="origin (M2) and destination (M4)")
    check_delay_seconds: float = Field(0, ge=0, le=30 * 86400, description="from the step before")
    reject_yor_below: float | None = Field(
        80, ge=0, le=1000, description="rules: YOR_SOR stating a lower YOR/SOR is rejected"
    )
    reject_reasons: list[PlpReason] = Field(default_factory=list, description="rules: rejected")
    reject_marker: Marker = Field("SIM-REJECT", description="rules: in the letter number")
    origin_mismatch_marker: Marker = "SIM-MISMATCH-ORIGIN"
    destination_mismatch_marker: Marker = "SIM-MISMATCH-DESTINATION"

    def policy(self) -> SimulationPolicy:
        return SimulationPolicy.of(self.model_dump() | {"reject_reasons": self.reject_reasons})


class PolicyOut(PolicyIn):
    office_code: str
    source: Literal["office", "default"] = Field(description="its own, or PLP_AUTO_OFFICER's")

    @classmethod
    def of(cls, office: str, policy: SimulationPolicy, own: bool) -> PolicyOut:
        return cls(office_code=office, source="office" if own else "default", **policy.as_dict())


def officer(services: Services) -> simulation.AutoOfficer:
    return simulation.AutoOfficer(
        SqlSimulationStore(services.database),
        services.uow,
        services.clock,
        services.reference,
        SimulationPolicy.preset(services.settings.auto_officer),
        lambda: [o.code for o in services.reference.all_offices()],
    )


@router.get("/policies", summary="Auto-officer policy of every office")
def list_policies(_: ActorDep, services: ServicesDep) -> list[PolicyOut]:
    """**Any role**: a test client may look whether officers' steps are automatic."""
    sim = officer(services)
    own = sim.store.policies()
    return [PolicyOut.of(o, p, o in own) for o, p in simulation.effective_policies(sim).items()]


@router.get("/policies/{office_code}", summary="Auto-officer policy of an office")
def get_policy(office_code: str, _: ActorDep, services: ServicesDep) -> PolicyOut:
    sim = officer(services)
    policies = simulation.effective_policies(sim)
    if office_code not in policies:
        raise NotFoundError(f"office {office_code} not found")
    return PolicyOut.of(office_code, policies[office_code], office_code in sim.store.policies())


@router.put("/policies/{office_code}", summary="Set an office's auto-officer policy")
def put_policy(
    office_code: str, body: PolicyIn, actor: AdminDep, services: ServicesDep
) -> PolicyOut:
    """**Role** `admin`. Takes effect at the auto-officer's next run (PLP_AUTO_OFFICER_SECONDS).
    Every automatic step is an audit event with `simulated: true`, by `sim-<officer role>`."""
    policy = simulation.set_policy(actor, office_code, body.policy(), officer(services))
    return PolicyOut.of(office_code, policy, True)


@router.delete("/policies/{office_code}", summary="Back to the default policy")
def delete_policy(office_code: str, actor: AdminDep, services: ServicesDep) -> PolicyOut:
    return PolicyOut.of(
        office_code, simulation.clear_policy(actor, office_code, officer(services)), False
    )


@router.post("/run", summary="Run the auto-officer now")
def run_now(_: AdminDep, services: ServicesDep) -> dict[str, int]:
    """**Role** `admin`. The scheduler runs it every few seconds anyway."""
    return {"steps": simulation.run(officer(services))}


@router.post("/reset", summary="Delete the requests your TPS filed (test data)")
def reset(actor: ActorDep, services: ServicesDep) -> dict[str, dict[str, int]]:
    """**Role** `tps_operator`: the requests it filed, their audit trails and the deliveries
    of its callbacks are deleted, so a test suite starts from a clean TPS."""
    return {"deleted": simulation.reset_own_data(actor, SqlSimulationStore(services.database))}
