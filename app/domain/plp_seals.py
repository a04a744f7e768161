"""S1 on the PLP request aggregate: the seal history of each container, from the release (M2)
through the gate reports (M3, M5) to the destination check (M4)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from app.domain.actor import Actor
from app.domain.errors import InvalidInputError
from app.domain.lines import PlpLine
from app.domain.messages import Message, msg
from app.domain.plp_parts import OriginCheck
from app.domain.plp_state import StateChanges
from app.domain.seals import ContainerSeals, SealRecord, SealStage, StatedSeal, difference

PACKAGES = "PACKAGES"  # the key of package seals a report gives without their container


class SealSteps(StateChanges):
    """Mixed into PlpRequest: the fields below are the aggregate's."""

    lines: list[PlpLine]
    origin_check: OriginCheck | None
    seal_chain: list[SealRecord]
    seal_alert: bool  # an S1 discrepancy the P2 section has not concluded on

    @property
    def released_seals(self) -> dict[str, tuple[str, ...]]:
        """The seals put on at release, per container (S1)."""
        check = self.origin_check
        if check is None or not check.matched:
            return {}
        return {s.container: s.numbers for s in check.seals}

    @property
    def escorted(self) -> bool:
        return bool(self.origin_check and self.origin_check.matched and self.origin_check.escorted)

    def seal_history(self) -> dict[str, list[SealRecord]]:
        history: dict[str, list[SealRecord]] = {}
        for record in self.seal_chain:
            history.setdefault(record.container, []).append(record)
        return history

    def _start_chain(self, actor: Actor, at: datetime, seals: tuple[ContainerSeals, ...]) -> None:
        by = actor.username
        self.seal_chain = [
            SealRecord(s.container, SealStage.RELEASE, s.numbers, at, by) for s in seals
        ]

    def report_seals(
        self, actor: Actor, at: datetime, stage: SealStage, stated: Iterable[StatedSeal]
    ) -> list[dict[str, Any]]:
        """S1: the seal numbers a gate report states, compared with the release. A report
        without a number for a container is not checked (most clients leave it empty); one
        that differs is recorded and flagged for the P2 section, never refused: the move
        happened."""
        reported: dict[str, tuple[str, ...]] = {}
        for seal in stated:
            unit = self._sealed_unit(seal)
            reported[unit] = tuple(dict.fromkeys((*reported.get(unit, ()), *seal.numbers)))
        flagged: list[dict[str, Any]] = []
        for container, wanted in reported.items():
            if not wanted:
                continue
            why = difference(self.released_seals.get(container, ()), wanted)
            record = SealRecord(container, stage, wanted, at, actor.username, None, why)
            self.seal_chain.append(record)
            if why:
                flagged.append({"container": container, "numbers": list(wanted), "found": why})
        if flagged:
            self._flag(actor, at, stage, flagged)
        return flagged

    def _verify_at_destination(
        self, actor: Actor, at: datetime, matched: bool, found: tuple[ContainerSeals, ...] | None
    ) -> list[dict[str, Any]]:
        """M4/S1: each sealed container's seals as found, against the release. The old body
        (no `seals`) stands for "as released, intact" only when that names one container."""
        released = self.released_seals
        if found is None:
            if not matched or not released:
                return []
            if len(released) > 1:
                raise _m4(
                    msg(
                        "problems.s1.list_each",
                        "list each container's seals in `seals`: this move has several sealed",
                    )
                )
            ((container, numbers),) = released.items()
            found = (ContainerSeals(container, numbers),)
        known = set(released) | {ln.container.number for ln in self.lines if ln.container}
        listed = {s.container for s in found}
        if unknown := sorted(listed - known):
            raise _m4(
                msg(
                    "problems.s1.not_ours",
                    "container {name} is not a container of this request",
                    name=", ".join(unknown),
                )
            )
        if len(listed) != len(found):
            raise _m4(
                msg("problems.s1.a_container_twice", "a container is listed twice in `seals`")
            )
        if matched and (unlisted := sorted(set(released) - listed)):
            raise _m4(
                msg(
                    "problems.s1.not_stated",
                    "the seals of container {name} are not stated in `seals`",
                    name=", ".join(unlisted),
                )
            )
        discrepancies = []
        for s in found:
            why = difference(released.get(s.container, ()), s.numbers, s.intact)
            self.seal_chain.append(
                SealRecord(
                    s.container, SealStage.DESTINATION, s.numbers, at, actor.username, s.intact, why
                )
            )
            if why:
                discrepancies.append({"container": s.container, "found": why})
        return discrepancies

    def _flag(
        self, actor: Actor, at: datetime, stage: SealStage, flagged: list[dict[str, Any]]
    ) -> None:
        self.seal_alert = True
        detail = {"rule": "S1", "stage": stage.value, "containers": flagged}
        self._log(actor, at, "seal_discrepancy", self.status, self.status, **detail)

    def _sealed_unit(self, seal: StatedSeal) -> str:
        """The container a stated seal belongs to. Packages name the container they came in
        (CONT_ASAL), not always the one sealed for the move: theirs is the only container
        sealed for packages, when there is one."""
        released = self.released_seals
        if seal.container in released or not seal.packages:
            return seal.container
        lines = {ln.container.number for ln in self.lines if ln.container}
        carriers = [c for c in released if c not in lines]
        return carriers[0] if len(carriers) == 1 else seal.container or PACKAGES


def _m4(detail: Message) -> InvalidInputError:
    return InvalidInputError(detail.with_prefix("M4/S1: "), "seals", rule="M4")
