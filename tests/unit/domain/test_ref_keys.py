"""A reader's key is a request id (32 lowercase hex digits) or else a REF_NUMBER (issue 16)."""

from __future__ import annotations

import pytest

from app.domain.plp_request import is_request_id, new_request_id


def test_ref_every_new_id_has_the_id_form() -> None:
    ids = {new_request_id() for _ in range(100)}
    assert len(ids) == 100 and all(is_request_id(i) for i in ids)


@pytest.mark.parametrize(
    "ref",
    ["TPKA261125000101", "MANUAL-" + "a" * 32, "A" * 32, "a" * 31, "a" * 33, "REF/2026/01", ""],
)
def test_ref_a_reference_of_any_other_form_is_not_an_id(ref: str) -> None:
    assert not is_request_id(ref)
