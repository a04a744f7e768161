"""The README's walk ("Walking one request (REST)"), its code blocks run as written with bash
against a live `plp-online serve`, and the same walk in the Postman collection: one request
from filing to gate-in."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import httpx

from tests.e2e.conftest import LiveServer

README = Path(__file__).resolve().parents[2] / "README.md"
COLLECTION = README.parent / "docs" / "plp-online.postman_collection.json"
SUNDAY_NIGHT = "2026-11-29T02:00:00+07:00"  # out of hours and a closed day (H1)


def readme_walk() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Walking one request (REST)\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) >= 3, "the walk's code blocks are missing from the README"
    return "\n".join(blocks)


def _login(url: str, user: str) -> dict[str, str]:
    form = {"username": user, "password": f"{user}-demo"}
    token = httpx.post(f"{url}/api/v1/auth/token", data=form).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_the_readme_walk_runs_as_written_to_gated_in_whatever_the_hour(
    live_server: LiveServer,
) -> None:
    admin = _login(live_server.url, "admin")
    httpx.put(
        f"{live_server.url}/api/v1/test/clock", json={"at": SUNDAY_NIGHT}, headers=admin
    ).raise_for_status()

    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", readme_walk()],
        env={"PLP": live_server.url, "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if not line.startswith("{")]
    request_id, *statuses = lines
    assert re.fullmatch(r"[0-9a-f]{32}", request_id), run.stdout
    assert statuses == [
        "IN_REVIEW",
        "IN_REVIEW",
        "APPROVED",
        "RELEASED",
        "GATED_OUT",
        "ENTERED",
        "GATED_IN",
    ], run.stdout
    stored = httpx.get(
        f"{live_server.url}/api/v1/plp-requests/{request_id}",
        headers=_login(live_server.url, "tpka"),
    ).json()
    assert stored["status"] == "GATED_IN"


def test_the_collections_walk_runs_in_order_to_gated_in(live_server: LiveServer) -> None:
    """Postman's part played by hand: variables, bearer auth, bodies, and the status checks and
    variable captures the collection's test scripts make."""
    collection = json.loads(COLLECTION.read_text(encoding="utf-8"))
    walk = collection["item"][0]
    variables = {v["key"]: v["value"] for v in collection["variable"]} | {
        "baseUrl": live_server.url
    }

    def fill(text: str) -> str:
        return re.sub(r"\{\{(\w+)\}\}", lambda m: variables[m[1]], text)

    statuses = []
    for item in walk["item"]:
        request, script = item["request"], "\n".join(item["event"][0]["script"]["exec"])
        headers = {h["key"]: h["value"] for h in request["header"]}
        if request["auth"]["type"] == "bearer":
            headers["Authorization"] = "Bearer " + fill(request["auth"]["bearer"][0]["value"])
        body = request["body"]
        answer = httpx.request(
            request["method"],
            fill(request["url"]["raw"]),
            headers=headers,
            data={f["key"]: f["value"] for f in body.get("urlencoded", [])} or None,
            content=fill(body["raw"]).encode() if body["mode"] == "raw" else None,
            timeout=30,
        )
        expected = re.search(r"have\.status\((\d+)\)", script)
        assert expected and answer.status_code == int(expected[1]), (item["name"], answer.text)
        for status in re.findall(r"status\)\.to\.eql\('(\w+)'\)", script):
            statuses.append(status)
            assert answer.json()["status"] == status, (item["name"], answer.text)
        for key, field in re.findall(r"set\('(\w+)', pm\.response\.json\(\)\.(\w+)\)", script):
            variables[key] = answer.json()[field]

    assert statuses[-1] == "GATED_IN"
    assert len(statuses) == 8
