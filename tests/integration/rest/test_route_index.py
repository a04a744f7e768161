"""Routing by path prefix (app/api/http/route_index.py) answers every path as FastAPI's own
router does: the same route, the same 404, 405 and redirects."""

from __future__ import annotations

import re

from fastapi import FastAPI

from app.api.http import route_index
from tests.support import Api

ODD_PATHS = [
    ("GET", "/"),
    ("GET", "/nothing/here"),
    ("GET", "/api/v1"),
    ("GET", "/api/v1/queue/"),
    ("GET", "/api/v1/plp-requests/"),
    ("GET", "/api/v1/plp-requests/abc/no-such-step"),
    ("DELETE", "/api/v1/queue"),
    ("PUT", "/health/live"),
    ("GET", "/health/live/"),
    ("GET", "/health"),
    ("GET", "/docs-assets/swagger-ui.css"),
    ("GET", "/docs-assets/nothing.js"),
    ("GET", "/tps/service.asmx?wsdl"),
    ("GET", "/h2h/v1/openapi-tpsonline/docs"),
    ("GET", "/h2h/v1/openapi-tpsonline/nothing"),
    ("GET", "/dashboard"),
    ("GET", "/metrics"),
    ("GET", "/openapi.json"),
]


def _every_operation(app: FastAPI) -> list[tuple[str, str]]:
    out = []
    for path, operations in app.openapi()["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "040300", path)
        out += [(method.upper(), concrete) for method in operations]
    return out


def _answer(api: Api, method: str, path: str) -> tuple[int, str | None, str]:
    r = api.client.request(method, path, follow_redirects=False)
    return r.status_code, r.headers.get("location"), r.headers.get("content-type", "")


def test_every_path_is_routed_as_by_the_full_router(api: Api) -> None:
    app: FastAPI = api.client.app
    router = app.router
    assert isinstance(router.middleware_stack, route_index.RouteIndex)
    cases = _every_operation(app) + ODD_PATHS
    assert len(cases) > 80

    indexed = [_answer(api, method, path) for method, path in cases]
    router.middleware_stack = router.app  # FastAPI's router alone
    try:
        full = [_answer(api, method, path) for method, path in cases]
    finally:
        route_index.install(app)

    assert indexed == full
    assert {status for status, _, _ in indexed} >= {200, 307, 401, 404, 405}


def test_a_route_added_after_the_index_is_found(api: Api) -> None:
    app: FastAPI = api.client.app

    @app.get("/late/{name}")
    async def late(name: str) -> dict[str, str]:
        return {"name": name}

    assert api.client.get("/late/x").json() == {"name": "x"}


def test_prefixes_are_what_every_matched_path_starts_with(api: Api) -> None:
    app: FastAPI = api.client.app
    prefixes = {route_index.static_prefix(r) for r in app.router.routes}

    assert "/health/live" in prefixes  # a route of the app itself
    assert "/api/v1/queue" in prefixes
    assert "/api/v1/plp-requests/" in prefixes  # the {request_id} router's
    assert "/h2h/v1/openapi-tpsonline" in prefixes  # a mount


def test_a_fixed_path_is_a_candidate_for_itself_only(api: Api) -> None:
    """The landing page `/` starts every path: as a fixed path it is tried for `/` alone."""
    app: FastAPI = api.client.app
    index = app.router.middleware_stack
    assert isinstance(index, route_index.RouteIndex)
    assert api.client.get("/").status_code == 200
    assert api.client.get("/health/live").status_code == 200

    [landing] = [index._indexed[i] for i in index._exact["/"]]
    assert landing in index._by_path["/"].routes
    assert landing not in index._by_path["/health/live"].routes


def _route_count(api: Api, template: str) -> float:
    labels = f'method="GET",route="{template}",status="200"'
    found = re.search(
        r"plp_http_requests_total\{" + re.escape(labels) + r"\} (\S+)",
        api.client.get("/metrics").text,
    )
    return float(found.group(1)) if found else 0.0


def test_a_lean_get_goes_again_where_fastapi_routed_it(api: Api) -> None:
    """The second GET of a hot read's path skips the scan: same answer, same route template in
    the metrics; other methods on that path are still routed (405)."""
    app: FastAPI = api.client.app
    index = app.router.middleware_stack
    assert isinstance(index, route_index.RouteIndex)
    rid = api.submit().json()["id"]
    paths = [f"/api/v1/plp-requests/{rid}", "/api/v1/plp-requests", "/api/v1/queue"]
    template = "/api/v1/plp-requests/{request_id}"

    first = [api.get(path, "manifest") for path in paths]
    assert set(paths) <= set(index._routed)
    counted = _route_count(api, template)
    again = [api.get(path, "manifest") for path in paths]

    assert [(r.status_code, r.content) for r in again] == [
        (r.status_code, r.content) for r in first
    ]
    assert _route_count(api, template) == counted + 1
    assert api.post(paths[0], "manifest").status_code == 405
    assert api.get(f"/api/v1/plp-requests/{rid}/no-such-step", "manifest").status_code == 404
    assert f"/api/v1/plp-requests/{rid}/no-such-step" not in index._routed
