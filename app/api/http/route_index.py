"""Routing by path prefix. FastAPI matches a request against every route in turn, and keeps an
included router as one entry that it scans route by route (twice for the one that matches):
with some eighty routes, finding `/health/live` cost more than answering it (issue 13).

Each top-level entry has a static prefix (its path up to the first `{`, the common one of an
included router's routes) that every path it matches starts with. A request is routed by a
router holding only the entries whose prefix its path starts with, in their order, with
FastAPI's own matching: the same route wins, and a wrong method is the same 405. A path that
router does not match at all (a redirect to the path with or without its trailing slash, a
404) goes to the full router, as before.

The hot reads go further: once FastAPI's routing has taken a GET of a path to a lean route
(app/api/rest/lean.py), the route writes down what the routing put in the scope, and the
next GET of that path is handed to the route with the same scope at once. FastAPI still
scanned an included router's routes twice for it, a quarter of a kept answer's cost."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

_PATHS_REMEMBERED = 1024
_ROUTED_REMEMBERED = 4096
RECORDER = "plp.route_index"  # the scope key under which a lean route finds the index
# what FastAPI's routing adds to the scope of a request it takes to a route
_ROUTING_KEYS = ("router", "fastapi", "endpoint", "path_params", "route")


def install(app: FastAPI) -> None:
    """Once every route is added: route the app's requests through the index."""
    router = app.router
    if router.middleware_stack != router.app:  # a router-level middleware: leave it alone
        return
    router.middleware_stack = RouteIndex(router)


class RouteIndex:
    """The app router's dispatch: a narrow router per set of candidate entries."""

    def __init__(self, router: APIRouter) -> None:
        self.router = router
        self._indexed: list[BaseRoute] = []
        self._prefixes: list[tuple[str, int]] = []
        self._exact: dict[str, list[int]] = {}  # entries of fixed paths only, such as `/`
        self._narrow: dict[tuple[int, ...], APIRouter] = {}
        self._by_path: dict[str, APIRouter] = {}  # paths asked often: /health/live, lists
        self._routed: dict[str, dict[str, Any]] = {}  # GET path -> its routing, of lean routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("root_path"):
            await self.router.app(scope, receive, send)
            return
        if len(self._indexed) != len(self.router.routes):  # first request, or routes added
            self._index()
        path: str = scope["path"]
        routed = self._routed.get(path) if scope["method"] == "GET" else None
        if routed is not None and "fastapi.telemetry" not in scope:  # telemetry: FastAPI routes
            scope.update(
                routed, fastapi=dict(routed["fastapi"]), path_params=dict(routed["path_params"])
            )
            await routed["route"].handle(scope, receive, send)
            return
        scope[RECORDER] = self
        narrow = self._by_path.get(path)
        if narrow is None:
            found = [i for prefix, i in self._prefixes if path.startswith(prefix)]
            key = tuple(sorted(found + self._exact.get(path, [])))
            narrow = self._narrow.get(key)
            if narrow is None:
                narrow = self._narrow[key] = self._narrow_router(key)
            if len(self._by_path) >= _PATHS_REMEMBERED:  # ids in paths: never unbounded
                self._by_path.clear()
            self._by_path[path] = narrow
        scope.setdefault("router", self.router)
        await narrow.app(scope, receive, send)

    def remember(self, scope: Scope) -> None:
        """Called by a lean route on a GET FastAPI routed to it: the path goes there again."""
        if len(self._routed) >= _ROUTED_REMEMBERED:  # ids in paths: never unbounded
            self._routed.clear()
        routed = {key: scope[key] for key in _ROUTING_KEYS}
        self._routed[scope["path"]] = routed | {
            "fastapi": dict(routed["fastapi"]),
            "path_params": dict(routed["path_params"]),
        }

    def _index(self) -> None:
        routes = list(self.router.routes)
        self._prefixes, self._exact = [], {}
        for i, route in enumerate(routes):
            paths = fixed_paths(route)
            if paths is None:
                self._prefixes.append((static_prefix(route), i))
            for fixed in paths or ():
                self._exact.setdefault(fixed, []).append(i)
        self._narrow, self._by_path, self._routed = {}, {}, {}
        self._indexed = routes

    def _narrow_router(self, key: tuple[int, ...]) -> APIRouter:
        narrow = APIRouter(
            routes=[self._indexed[i] for i in key],
            redirect_slashes=False,  # no match among the candidates: the full router decides
            default=self.router.app,
        )
        narrow.form_limits = self.router.form_limits
        return narrow


def static_prefix(route: BaseRoute) -> str:
    """What every path the entry can match starts with ("" when unknown: always a candidate)."""
    original = getattr(route, "original_router", None)
    if original is not None:  # an included router: the common prefix of its routes
        if getattr(getattr(route, "include_context", None), "prefix", ""):
            return ""  # included under a further prefix: not worth working out
        return _common([static_prefix(r) for r in original.routes])
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return ""
    return path.split("{", 1)[0]


def fixed_paths(route: BaseRoute) -> list[str] | None:
    """The paths an entry matches when they are all fixed (no parameter, not a mount), else
    None: `/` is then a candidate for `/` alone, not for every path that starts with it."""
    original = getattr(route, "original_router", None)
    if original is not None:
        if getattr(getattr(route, "include_context", None), "prefix", ""):
            return None
        found = [fixed_paths(r) for r in original.routes]
        return None if any(f is None for f in found) else [p for f in found for p in f or ()]
    path = getattr(route, "path", None)
    if not isinstance(route, Route) or not isinstance(path, str) or "{" in path:
        return None
    return [path]


def _common(prefixes: list[str]) -> str:
    """The longest string every one starts with (character by character, not by segment)."""
    if not prefixes:
        return ""
    first, last = min(prefixes), max(prefixes)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]
