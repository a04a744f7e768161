"""The Postman collection in docs/ is what `plp-online collection` makes of today's OpenAPI, and
every request in it is an operation of the OpenAPI (README "Walking one request")."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fastapi import FastAPI

from app.api.rest.collection import ACCOUNTS, walk_requests
from app.cli import main
from tests.support import Api

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "plp-online.postman_collection.json"


def requests_of(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        if "item" in item:
            out += requests_of(item["item"])
            continue
        path = "/" + "/".join(item["request"]["url"]["path"])
        path = re.sub(r":(\w+)", r"{\1}", path.replace("{{id}}", "{request_id}"))
        out.append((item["request"]["method"], path))
    return out


def test_the_committed_collection_is_the_generated_one(tmp_path: Path) -> None:
    fresh = tmp_path / "collection.json"

    result = CliRunner().invoke(main, ["collection", "--output", str(fresh)])

    assert result.exit_code == 0, result.output
    assert fresh.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        "docs/plp-online.postman_collection.json is stale: run `plp-online collection`"
    )


def test_every_request_of_the_collection_is_an_operation_of_the_openapi(api: Api) -> None:
    app: FastAPI = api.client.app
    openapi = app.openapi()
    operations = {
        (method.upper(), path) for path, ops in openapi["paths"].items() for method in ops
    }
    collection = json.loads(COMMITTED.read_text(encoding="utf-8"))
    walk, *folders = collection["item"]

    in_collection = requests_of(collection["item"])

    assert set(in_collection) <= operations
    rest = {op for op in operations if op[1].startswith("/api/v1/")}
    assert set(requests_of(folders)) == rest
    assert requests_of(walk["item"]) == [walk_requests()[0]] * len(ACCOUNTS) + walk_requests()[1:]
    assert collection["info"]["schema"].endswith("/v2.1.0/collection.json")
