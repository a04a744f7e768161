"""An account: who may log in, with which role and scope (spec section 2)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.actor import Actor, Role


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    full_name: str
    tps_code: str | None
    office_code: str | None
    supervised_tps: frozenset[str]
    active: bool
    password_hash: str
    has_api_key: bool
    credential_version: int = 0  # one more at each deactivation, password or API key change

    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.tps_code, self.office_code, self.supervised_tps)
