"""axe-core, the accessibility engine, from the npm registry: never a downloaded browser, no
npm needed. The pinned tarball is fetched with Python, its sha512 checked against the pin and
against the registry's own metadata, and kept under artifacts/ (not committed) so later runs
need no network. `violations(page)` runs it on a page of Debian Chromium.

The page's CSP (script-src 'self') would refuse the injected script: the context that runs
this check is opened with Playwright's `bypass_csp`, for this test only.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

VERSION = "4.10.2"
INTEGRITY = (
    "sha512-RE3mdQ7P3FRSe7eqCWoeQ/Z9QXrtniSjp1wUjt5nRC3WIpz5rSCve6o3fsZ2aCpJtrZjSZgjwXAoTO5k4tEI0w"
    "=="
)
REGISTRY = "https://registry.npmjs.org/axe-core"
TARBALL = f"{REGISTRY}/-/axe-core-{VERSION}.tgz"
CACHE = Path(__file__).resolve().parents[2] / "artifacts" / "cache" / f"axe-core-{VERSION}.tgz"
SERIOUS = ("serious", "critical")
TIMEOUT_S = 60


def _integrity(content: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(content).digest()).decode()


def _download() -> bytes:
    with urllib.request.urlopen(f"{REGISTRY}/{VERSION}", timeout=TIMEOUT_S) as answer:  # noqa: S310
        published = json.load(answer)["dist"]["integrity"]
    if published != INTEGRITY:
        raise RuntimeError(f"the registry publishes {published} for axe-core {VERSION}")
    with urllib.request.urlopen(TARBALL, timeout=TIMEOUT_S) as answer:  # noqa: S310
        content: bytes = answer.read()
    return content


def script() -> str:
    """axe.min.js of the pinned version, checked every time it is read."""
    content = CACHE.read_bytes() if CACHE.exists() else b""
    if _integrity(content) != INTEGRITY:
        content = _download()
        if _integrity(content) != INTEGRITY:
            raise RuntimeError(f"{TARBALL} does not match its integrity {INTEGRITY}")
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(content)
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        if member is None:
            raise RuntimeError(f"{TARBALL} has no axe.min.js")
        return member.read().decode("utf-8")


def violations(page: Page, source: str) -> list[dict[str, Any]]:
    """The serious and critical violations axe finds on the page as it stands (WCAG 2.x A/AA)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {
                runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in SERIOUS]
