"""The goods of a request: containers and packages, each a numbered line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class LineKind(StrEnum):
    CONTAINER = "container"
    PACKAGE = "package"


@dataclass(frozen=True)
class ContainerSpec:
    """A container as the applicant lists it."""

    number: str
    size: str
    iso_type: str | None = None


@dataclass(frozen=True)
class PackageSpec:
    """Packages of one house B/L or AWB as the applicant lists them."""

    package_type: str
    count: int
    bl_number: str
    bl_date: date


@dataclass(frozen=True)
class ManifestFacts:
    """What the BC 1.1 manifest says about a line, attached when the request is accepted."""

    pos_number: str
    consignee: str
    bl_number: str | None = None
    bl_date: date | None = None
    master_bl_number: str | None = None
    fcl_lcl: str | None = None  # JNS_CONT: F or L
    excise: bool = False


@dataclass
class PlpLine:
    """One container or one house B/L of packages, with its decision (FL_SETUJU Y/T)."""

    line_no: int
    kind: LineKind
    container: ContainerSpec | None = None
    package: PackageSpec | None = None
    manifest: ManifestFacts | None = None
    approved: bool | None = None
    reject_reason: str | None = None
    cancelled: bool = False
    gated_out_at: datetime | None = None
    gated_in_at: datetime | None = None

    @property
    def key(self) -> str:
        """E5: the identity of the goods, shared by every request that lists them."""
        return line_key(self.container or self.package)  # type: ignore[arg-type]

    @property
    def label(self) -> str:
        if self.container is not None:
            return self.container.number
        assert self.package is not None
        return f"B/L {self.package.bl_number}"

    @property
    def moves(self) -> bool:
        """An approved line that has not been cancelled is part of the movement."""
        return bool(self.approved) and not self.cancelled


def line_key(spec: ContainerSpec | PackageSpec) -> str:
    if isinstance(spec, ContainerSpec):
        return f"C:{spec.number}"
    return f"K:{spec.bl_number}:{spec.bl_date.isoformat()}"


def lines_from(
    containers: tuple[ContainerSpec, ...], packages: tuple[PackageSpec, ...]
) -> list[PlpLine]:
    lines = [PlpLine(i, LineKind.CONTAINER, container=c) for i, c in enumerate(containers, 1)]
    start = len(lines) + 1
    lines += [PlpLine(i, LineKind.PACKAGE, package=p) for i, p in enumerate(packages, start)]
    return lines
