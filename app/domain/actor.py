"""Who acts: an account's role and the scope it is bound to (spec section 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    TPS_OPERATOR = "tps_operator"  # applicant, tps_origin or tps_destination, by request
    MANIFEST_OFFICER = "manifest_officer"
    P2_OFFICER = "p2_officer"
    KASUBSI_MANIFEST = "kasubsi_manifest"
    ORIGIN_SUPERVISOR = "origin_supervisor"
    DESTINATION_SUPERVISOR = "destination_supervisor"
    P2_SECTION = "p2_section"
    ADMIN = "admin"
    SYSTEM = "system"  # jobs and simulated officers


class Channel(StrEnum):
    REST = "rest"
    SOAP = "soap"
    H2H = "h2h"
    MANUAL = "manual"
    SYSTEM = "system"


OFFICER_ROLES = frozenset(
    {
        Role.MANIFEST_OFFICER,
        Role.P2_OFFICER,
        Role.KASUBSI_MANIFEST,
        Role.ORIGIN_SUPERVISOR,
        Role.DESTINATION_SUPERVISOR,
        Role.P2_SECTION,
    }
)


@dataclass(frozen=True)
class Actor:
    """An authenticated account acting through one channel."""

    username: str
    role: Role
    tps_code: str | None = None
    office_code: str | None = None
    supervised_tps: frozenset[str] = field(default_factory=frozenset)
    channel: Channel = Channel.REST
    simulated: bool = False

    @property
    def is_tps(self) -> bool:
        return self.role is Role.TPS_OPERATOR

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES

    def via(self, channel: Channel) -> Actor:
        return Actor(
            self.username,
            self.role,
            self.tps_code,
            self.office_code,
            self.supervised_tps,
            channel,
            self.simulated,
        )


SYSTEM_ACTOR = Actor("system", Role.SYSTEM, channel=Channel.SYSTEM)
