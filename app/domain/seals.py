"""S1, the seal chain: the customs seals (segel BC, NO_SEGEL_BC) put on each container at release
(M2), the numbers the TPS states in its gate reports, and the check at the destination (M4).

Packages (LCL lines) travel inside a container or truck: a seal is always on a container, so a
request with package lines names, in its seals, the container the packages travel in (it need
not be a line of the request). A move may instead be escorted (*dikawal*) as a whole."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.errors import InvalidInputError
from app.domain.lines import PlpLine
from app.domain.messages import Message, msg


class SealStage(StrEnum):
    RELEASE = "release"  # M2: put on by the origin supervisor
    GATE_OUT = "gate_out"  # M3: stated in the origin TPS's gate-out report
    GATE_IN = "gate_in"  # M5: stated in the destination TPS's gate-in report
    DESTINATION = "destination"  # M4: verified by the destination supervisor


@dataclass(frozen=True)
class ContainerSeals:
    """The customs seal numbers on one container; `intact` is what the destination found."""

    container: str
    numbers: tuple[str, ...]
    intact: bool = True


@dataclass(frozen=True)
class StatedSeal:
    """A customs seal number a gate report states (NO_SEGEL_BC): for a container (NO_CONT),
    or for packages (COCOKMS), with the container they came in (CONT_ASAL) when given."""

    container: str
    numbers: tuple[str, ...]
    packages: bool = False


def split_numbers(text: str | None) -> tuple[str, ...]:
    """NO_SEGEL_BC holds one number; some clients list several, separated by commas."""
    return tuple(n for n in (p.strip().upper() for p in (text or "").split(",")) if n)


@dataclass(frozen=True)
class SealRecord:
    """One entry of a container's seal history; `discrepancy` says how it differs from the
    release (None: the same numbers, intact)."""

    container: str
    stage: SealStage
    numbers: tuple[str, ...]
    at: datetime
    by: str
    intact: bool | None = None
    discrepancy: str | None = None


def difference(released: Iterable[str], seen: Iterable[str], intact: bool = True) -> str | None:
    """S1: how the seals seen differ from those put on at release, or None when they agree."""
    put_on, found = set(released), set(seen)
    parts = [] if intact else ["seal broken"]
    if missing := sorted(put_on - found):
        parts.append(f"missing {', '.join(missing)}")
    if other := sorted(found - put_on):
        parts.append(f"not put on at release: {', '.join(other)}")
    return "; ".join(parts) or None


def release_seals(
    lines: list[PlpLine],
    seals: tuple[ContainerSeals, ...],
    legacy_numbers: tuple[str, ...],
    escorted: bool,
) -> tuple[ContainerSeals, ...]:
    """M2/S1: every moving container carries at least one seal, and packages travel in a
    sealed container, unless the move is escorted. The flat list of old clients is taken only
    when it can name one container: the request's only one."""
    containers = [ln.container.number for ln in lines if ln.moves and ln.container]
    has_packages = any(ln.moves and ln.package for ln in lines)
    if legacy_numbers:
        if seals:
            raise _error(
                msg(
                    "problems.s1.seals_or_numbers",
                    "send either `seals` (per container) or `seal_numbers`, not both",
                )
            )
        if len(containers) != 1 or has_packages:
            raise _error(
                msg(
                    "problems.s1.numbers_unplaced",
                    "`seal_numbers` does not say which container carries which seal: "
                    "list them per container in `seals`",
                )
            )
        seals = (ContainerSeals(containers[0], legacy_numbers),)
    by_container: dict[str, tuple[str, ...]] = {}
    for entry in seals:
        name = entry.container.strip().upper()
        if name in by_container:
            raise _error(
                msg(
                    "problems.s1.listed_twice",
                    "container {name} is listed twice in `seals`",
                    name=name,
                )
            )
        if name not in containers and not has_packages:
            raise _error(
                msg(
                    "problems.s1.not_ours",
                    "container {name} is not a container of this request",
                    name=name,
                )
            )
        by_container[name] = tuple(dict.fromkeys(n.strip() for n in entry.numbers if n.strip()))
    if not escorted:
        unsealed = [c for c in containers if not by_container.get(c)]
        if unsealed:
            raise _error(
                msg(
                    "problems.s1.unsealed",
                    "container {name} carries no customs seal and the move is not "
                    "escorted: list its seal numbers in `seals` or set `escorted`",
                    name=", ".join(unsealed),
                )
            )
        carriers = [c for c, numbers in by_container.items() if c not in containers and numbers]
        if has_packages and not carriers:
            raise _error(
                msg(
                    "problems.s1.packages_unsealed",
                    "the packages travel unsealed and unescorted: list the container they travel "
                    "in with its seal numbers in `seals`, or set `escorted`",
                )
            )
    return tuple(ContainerSeals(c, n) for c, n in by_container.items() if n)


def _error(detail: Message) -> InvalidInputError:
    return InvalidInputError(detail.with_prefix("M2/S1: "), "seals", rule="M2")
