"""Probes of the HTTP health URLs TPS Online depends on (the health monitor, F1)."""

from __future__ import annotations

import httpx


class HttpHealthProbe:
    """Healthy when the URL answers 2xx within the client's timeout."""

    def __init__(self, name: str, url: str, client: httpx.Client) -> None:
        self.name, self._url, self._client = name, url, client

    def check(self) -> str | None:
        try:
            self._client.get(self._url).raise_for_status()
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"[:300]
        return None


def http_probes(urls: dict[str, str], client: httpx.Client) -> list[HttpHealthProbe]:
    return [HttpHealthProbe(name, url, client) for name, url in sorted(urls.items())]


def health_client(timeout: float) -> httpx.Client:
    # No redirects: a health URL that moved is a configuration error worth seeing as a failure.
    return httpx.Client(timeout=timeout, follow_redirects=False)
