"""Who may act on an office's outages, paper PLPs and reconciliations (F1-F3, L2)."""

from __future__ import annotations

from app.domain.actor import Actor, Channel, Role
from app.domain.errors import ForbiddenError
from app.domain.messages import msg

# The manifest subsection runs TPS Online for the office (SOP 4.d-e); admins run the service.
OUTAGE_ROLES = frozenset({Role.ADMIN, Role.KASUBSI_MANIFEST, Role.MANIFEST_OFFICER})
RECORD_ROLES = OUTAGE_ROLES
# R3 on paper and the closing of a reconciliation are the Kasubsi's (RASCI R/A).
DECIDE_ROLES = frozenset({Role.ADMIN, Role.KASUBSI_MANIFEST})

MONITOR_ACTOR = Actor("health-monitor", Role.SYSTEM, channel=Channel.SYSTEM)


def require_office_role(
    actor: Actor, office_code: str, roles: frozenset[Role], action: str
) -> None:
    if actor.role is Role.SYSTEM:
        return
    if actor.role not in roles:
        allowed = ", ".join(sorted(r.value for r in roles))
        raise ForbiddenError(
            msg(
                "problems.forbidden.role",
                "role {role} may not {action}; it is for {allowed}",
                role=actor.role,
                action=action,
                allowed=allowed,
            )
        )
    if actor.role is not Role.ADMIN and actor.office_code != office_code:
        raise ForbiddenError(
            msg(
                "problems.forbidden.office",
                "{username} may not {action} for office {office}",
                username=actor.username,
                action=action,
                office=office_code,
            )
        )
