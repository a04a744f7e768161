"""Code lists the eligibility rules check lines against (E6)."""

from __future__ import annotations

import re

CONTAINER_SIZES = frozenset({"20", "40", "45"})

# ISO 6346 size-type codes: length (2 20ft, 4 40ft, L 45ft), height/width, type group, detail.
_ISO_SIZE_PREFIX = {"20": "2", "40": "4", "45": "L"}
_ISO_TYPE_PATTERN = re.compile(r"^[24L][0-9A-Z][GVBSRHUPTAKN][0-9A-Z]$")

# UN/ECE Recommendation 21 package codes seen in TPS Online traffic and common in manifests.
PACKAGE_TYPES = frozenset(
    {
        "AE",
        "BA",
        "BE",
        "BG",
        "BK",
        "BL",
        "BN",
        "BO",
        "BX",
        "CA",
        "CH",
        "CN",
        "CR",
        "CS",
        "CT",
        "CY",
        "DR",
        "EN",
        "FR",
        "IN",
        "JR",
        "JC",
        "KG",
        "LT",
        "NE",
        "PA",
        "PC",
        "PK",
        "PL",
        "PP",
        "PX",
        "RL",
        "RO",
        "SA",
        "SK",
        "ST",
        "TB",
        "TN",
        "TU",
        "UN",
        "VL",
        "VR",
        "WD",
        "ZZ",
    }
)


def iso_type_problem(size: str, iso_type: str) -> str | None:
    """Why an ISO 6346 size-type code is not valid for a container of that size, or None."""
    if not _ISO_TYPE_PATTERN.match(iso_type):
        return f"size-type code {iso_type!r} is not an ISO 6346 size-type code"
    if _ISO_SIZE_PREFIX.get(size) != iso_type[0]:
        return f"size-type code {iso_type} does not match size {size}"
    return None
