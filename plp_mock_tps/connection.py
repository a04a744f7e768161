"""One simulator to talk to: a live URL or an in-process app (any httpx.Client, such as
Starlette's TestClient), with the logins of the accounts the client plays."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx


class Connection:
    """Accounts log in once (OAuth2 password flow); a token is renewed when it expires."""

    def __init__(
        self,
        url: str = "http://127.0.0.1:8000",
        client: httpx.Client | None = None,
        passwords: dict[str, str] | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.http = client or httpx.Client(base_url=self.url, timeout=timeout)
        self._owns_client = client is None
        self._passwords = passwords or {}
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()
        self.on_request: Callable[[str, float, int | None], None] | None = None  # load mode

    def password(self, username: str) -> str:
        """Demo accounts: the name plus `-demo` (README)."""
        return self._passwords.get(username, f"{username}-demo")

    def set_password(self, username: str, password: str) -> None:
        """After a password change: the next login uses the new one (GantiPassword)."""
        with self._lock:
            self._passwords[username] = password
            self._tokens.pop(username, None)

    def headers(self, username: str) -> dict[str, str]:
        with self._lock:
            token = self._tokens.get(username)
        if token is None:
            r = self.http.post(
                "/api/v1/auth/token",
                data={"username": username, "password": self.password(username)},
            )
            if r.status_code != 200:
                raise LoginError(f"{username} cannot log in: {r.status_code} {r.text[:200]}")
            token = str(r.json()["access_token"])
            with self._lock:
                self._tokens[username] = token
        return {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, as_: str, **kw: Any) -> httpx.Response:
        """A REST call as the account; one retry after a fresh login if the token expired."""
        for attempt in range(2):
            started = time.perf_counter()
            try:
                r = self.http.request(method, path, headers=self.headers(as_), **kw)
            except httpx.HTTPError:
                self._measure(f"{method} {_label(path)}", started, None)
                raise
            self._measure(f"{method} {_label(path)}", started, r.status_code)
            if r.status_code != 401 or attempt:
                return r
            with self._lock:
                self._tokens.pop(as_, None)
        raise AssertionError("unreachable")

    def post_raw(
        self, path: str, content: bytes, headers: dict[str, str], label: str
    ) -> httpx.Response:
        started = time.perf_counter()
        try:
            r = self.http.post(path, content=content, headers=headers)
        except httpx.HTTPError:
            self._measure(label, started, None)
            raise
        self._measure(label, started, r.status_code)
        return r

    def close(self) -> None:
        if self._owns_client:
            self.http.close()

    def _measure(self, label: str, started: float, status: int | None) -> None:
        if self.on_request is not None:
            self.on_request(label, time.perf_counter() - started, status)


class LoginError(RuntimeError):
    pass


def _label(path: str) -> str:
    """A path with ids replaced, so load statistics group by operation."""
    parts = [
        p if not (len(p) == 32 and p.isalnum()) else "{id}" for p in path.split("?")[0].split("/")
    ]
    return "/".join(parts)
