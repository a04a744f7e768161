"""What the H2H operations need from outside (the domain's ports, handed in by the API
layer), and the account scope of note 2.8: the TPS, kantor and gudang codes a message names
must be the account's own (403 with DJBC's exact words otherwise)."""

from __future__ import annotations

from dataclasses import dataclass

from app.api.h2h.errors import ScopeError
from app.api.http.channel_ports import ChannelPorts
from app.domain.actor import Actor, Role


@dataclass(frozen=True)
class H2hContext(ChannelPorts):
    """The ports the H2H operations use."""

    def _own(self, actor: Actor) -> tuple[str, frozenset[str], str]:
        tps = self.reference.tps(actor.tps_code or "") if actor.role is Role.TPS_OPERATOR else None
        if tps is None:
            return "", frozenset(), ""
        return tps.code, tps.gudangs, tps.office_code

    def require_tps(self, actor: Actor, code: str) -> None:
        """kodeTps: the account's TPS (or one of its gudangs, as SOAP clients send)."""
        tps, gudangs, _ = self._own(actor)
        if not tps or code.upper() not in {tps, *gudangs}:
            raise ScopeError("forbidden_tps", code)

    def require_gudang(self, actor: Actor, code: str) -> None:
        tps, gudangs, _ = self._own(actor)
        if not tps or code.upper() not in {tps, *gudangs}:
            raise ScopeError("forbidden_gudang", code)

    def require_kantor(self, actor: Actor, code: str) -> None:
        _, _, office = self._own(actor)
        if not office or code != office:
            raise ScopeError("forbidden_kantor", code)
