"""Code lists the eligibility rules check lines against (E6)."""

from __future__ import annotations

import re

from app.domain.messages import Message, msg

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


def iso_type_problem(number: str, size: str, iso_type: str) -> Message | None:
    """Why an ISO 6346 size-type code is not valid for container `number` of that size, or
    None."""
    if not _ISO_TYPE_PATTERN.match(iso_type):
        return msg(
            "problems.e6.not_iso_type",
            "{number}: size-type code {code} is not an ISO 6346 size-type code",
            number=number,
            code=repr(iso_type),
        )
    if _ISO_SIZE_PREFIX.get(size) != iso_type[0]:
        return msg(
            "problems.e6.type_size",
            "{number}: size-type code {code} does not match size {size}",
            number=number,
            code=iso_type,
            size=size,
        )
    return None
