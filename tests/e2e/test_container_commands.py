"""The container image's commands, run here (no container engine on our machines): the exact
CMD and HEALTHCHECK lines of the Dockerfile, with its ENV, against a local process; and the
docker-compose example's services and what they must share."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import fresh_sqlite
from tests.e2e.conftest import free_port
from tests.e2e.instances import Instance

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
ANY_ADDRESS = "0.0.0.0"  # noqa: S104 (the image's; replaced by loopback here, never bound)


def instruction(name: str, text: str = DOCKERFILE) -> str:
    """The last instruction of that name in the final stage, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", text)
    lines = [ln for ln in joined.splitlines() if ln.startswith(f"{name} ")]
    return lines[-1][len(name) + 1 :].strip()


def exec_form(text: str) -> list[str]:
    argv = json.loads(text)
    assert isinstance(argv, list) and all(isinstance(a, str) for a in argv)
    return argv


def image_env() -> dict[str, str]:
    env = dict(re.findall(r"(\w+)=(\S+)", instruction("ENV")))
    env.pop("PATH")  # /opt/venv/bin in the image; our .venv here
    return env


def local(argv: list[str], port: int) -> list[str]:
    """The image's command for this machine: our venv's executables, a free port, loopback."""
    exe = {
        "plp-online": str(Path(sys.executable).with_name("plp-online")),
        "python": sys.executable,
    }
    out = [exe.get(a, a) for a in argv]
    return [a.replace(ANY_ADDRESS, "127.0.0.1").replace("8000", str(port)) for a in out]


def test_the_image_is_multi_stage_non_root_with_a_health_check() -> None:
    assert len(re.findall(r"^FROM ", DOCKERFILE, re.M)) >= 2
    final = DOCKERFILE[DOCKERFILE.rindex("\nFROM ") :]
    assert "COPY --from=build" in final
    user = instruction("USER")
    assert user.split(":")[0] not in ("root", "0")
    assert exec_form(instruction("CMD"))[:2] == ["plp-online", "serve"]
    assert "--interval=" in instruction("HEALTHCHECK")


def test_cmd_serves_and_healthcheck_passes_then_fails(
    sqlite_template: Path, tmp_path: Path
) -> None:
    port = free_port()
    cmd = local(exec_form(instruction("CMD")), port)
    check = instruction("HEALTHCHECK")
    probe = local(exec_form(check[check.index("CMD ") + 4 :]), port)
    env = image_env() | {"PLP_DATABASE_URL": fresh_sqlite(sqlite_template, tmp_path)}
    server = Instance(cmd, env, tmp_path / "container.log", port=port).start()
    try:
        healthy = subprocess.run(probe, capture_output=True, timeout=10, check=False)
        logged = (tmp_path / "container.log").read_text()
    finally:
        server.stop()
    unhealthy = subprocess.run(probe, capture_output=True, timeout=10, check=False)

    assert healthy.returncode == 0, healthy.stderr
    assert unhealthy.returncode != 0
    assert any(_json(line) for line in logged.splitlines())  # PLP_LOG_FORMAT=json


def test_the_scheduler_command_of_the_compose_file_runs(
    sqlite_template: Path, tmp_path: Path
) -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    argv = local(compose["services"]["scheduler"]["command"], free_port())
    env = image_env() | {"PLP_DATABASE_URL": fresh_sqlite(sqlite_template, tmp_path)}
    jobs = Instance(argv, env, tmp_path / "jobs.log").start(wait_ready=False)
    try:
        log = tmp_path / "jobs.log"
        _wait_for(lambda: "scheduler started" in log.read_text())
        assert jobs.process is not None and jobs.process.poll() is None
    finally:
        jobs.stop()
    assert jobs.process.returncode == 0  # SIGTERM: a clean stop


def test_compose_runs_two_instances_and_one_scheduler_sharing_what_must_be_shared() -> None:
    services: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    web = [s for name, s in services.items() if name.startswith("web")]
    scheduler = services["scheduler"]

    assert len(web) == 2 and "db" in services
    assert all(s["environment"]["PLP_RUN_SCHEDULER"] == "false" for s in web)
    assert scheduler["command"] == ["python", "-m", "app.jobs"]
    for key in ("PLP_DATABASE_URL", "PLP_JWT_SECRET", "PLP_PUBLIC_URL", "PLP_MODE"):
        values = {s["environment"][key] for s in (*web, scheduler)}
        assert len(values) == 1, key
    assert web[0]["environment"]["PLP_MODE"] == "production"


def _json(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _wait_for(condition: Any, seconds: float = 30) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")
