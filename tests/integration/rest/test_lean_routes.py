"""Lean hot reads (issue 13): a well-formed read skips FastAPI's dependency solving and answers
byte for byte what FastAPI's handler answers; anything else is FastAPI's handler's."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.rest import lean
from tests.support import Api, containers


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each read was the lean route's (True) or FastAPI's handler's (False)."""
    seen: list[bool] = []
    arguments = lean.LeanParams.arguments

    def spy(self: lean.LeanParams, request: Any) -> dict[str, Any] | None:
        found = arguments(self, request)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(lean.LeanParams, "arguments", spy)
    return seen


def both(api: Api, path: str, who: str, taken: list[bool]) -> Any:
    """The lean answer, checked against FastAPI's (an unknown parameter makes it FastAPI's)."""
    taken.clear()
    lean_answer = api.get(path, who)
    joiner = "&" if "?" in path else "?"
    full = api.get(f"{path}{joiner}unknown=1", who)
    assert taken == [True, False]
    assert (lean_answer.status_code, lean_answer.content) == (full.status_code, full.content)
    return lean_answer


def test_lean_reads_answer_what_fastapi_answers(api_any_db: Api, taken: list[bool]) -> None:
    api = api_any_db
    ids = []
    for number in ("MSKU1001373", "TGHU1002113", "CSQU1001743"):
        r = api.submit("tpka", containers=containers(number), ref_number=f"LEAN-{number}")
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])

    assert both(api, f"/api/v1/plp-requests/{ids[0]}", "tpka", taken).json()["id"] == ids[0]
    assert both(api, "/api/v1/plp-requests/nope", "tpka", taken).status_code == 404
    api._tokens["forged"] = {"Authorization": "Bearer not-a-token"}
    assert both(api, f"/api/v1/plp-requests/{ids[0]}", "forged", taken).status_code == 401
    page = both(api, "/api/v1/plp-requests?limit=2", "tpka", taken).json()
    assert len(page["items"]) == 2
    cursor = page["next_cursor"]
    more = both(api, f"/api/v1/plp-requests?limit=2&cursor={cursor}", "tpka", taken)
    assert len(more.json()["items"]) == 1
    both(api, "/api/v1/plp-requests?tps=cfsb&reason=NO_LCL_SPACE", "tpka", taken)
    queue = "/api/v1/queue?sort=oldest&sla=on_track&tps=TPKA&limit=2&reason=NO_LCL_SPACE"
    assert [i["id"] for i in both(api, queue, "manifest", taken).json()["items"]] == ids[:2]
    assert both(api, "/api/v1/queue", "manifest", taken).json()["items"]
    assert both(api, "/api/v1/queue?cursor=bogus", "manifest", taken).status_code == 422


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=201",
        "limit=007",
        "limit=x",
        "sort=URGENCY",
        "sla=",
        "tps=TPKAX",
        "tps=",
        "limit=5&limit=6",
        "cursor=" + "a" * 201,
        "status=IN_REVIEW",
    ],
)
def test_lean_reads_leave_other_queries_to_fastapi(api: Api, taken: list[bool], query: str) -> None:
    path = "/api/v1/plp-requests" if query.startswith("status") else "/api/v1/queue"
    taken.clear()
    api.get(f"{path}?{query}", "manifest")
    assert taken == [False]


def test_ref_lean_and_fastapi_reads_find_a_request_by_its_reference(
    api_any_db: Api, taken: list[bool]
) -> None:
    api = api_any_db
    r = api.submit("tpka", containers=containers("MSKU1001373"), ref_number="LEAN-REF-1")
    assert r.status_code == 201, r.text
    rid = r.json()["id"]

    page = both(api, "/api/v1/plp-requests?ref_number=LEAN-REF-1&limit=5", "manifest", taken)
    assert [i["id"] for i in page.json()["items"]] == [rid]
    assert both(api, "/api/v1/plp-requests?ref_number=LEAN-REF-1", "cfsb", taken).json() == {
        "items": [],
        "next_cursor": None,
    }  # the destination sees the request, but the number is TPKA's
    assert both(api, "/api/v1/plp-requests/LEAN-REF-1", "tpka", taken).json()["id"] == rid
    assert both(api, "/api/v1/plp-requests/LEAN-REF-1", "cfsb", taken).status_code == 404
