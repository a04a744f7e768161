"""The container image's commands, run here (no container engine on our machines): the exact
CMD and HEALTHCHECK lines of the Dockerfile, with its ENV, against a local process; the lock
files it installs and the scripts the wheel declares, run with nothing importable but what those
locks install; and the docker-compose example: its services, what they must share, and its
production configuration, started on an empty PostgreSQL, logging in as the first admin."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import secrets
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import fresh_sqlite
from tests.e2e.conftest import free_port
from tests.e2e.instances import Instance

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
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


# --- the lock files the image installs, and the scripts it declares ---------------------------


def runs(text: str = DOCKERFILE) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", text)
    return [ln[4:] for ln in joined.splitlines() if ln.startswith("RUN ")]


def image_locks() -> list[str]:
    """The lock files installed into /opt/venv, the environment the final stage copies."""
    assert "COPY --from=build /opt/venv /opt/venv" in DOCKERFILE
    found = [
        m[1]
        for run in runs()
        for m in re.finditer(r"/opt/venv/bin/pip install --require-hashes -r (\S+)", run)
    ]
    assert found, "the image installs no lock file into /opt/venv"
    return found


def locked(name: str) -> dict[str, str]:
    """The pins of a pip-compile lock, {normalised name: version}; every pin has hashes."""
    text = re.sub(r"\s*\\\n\s*", " ", (ROOT / name).read_text())
    pins: dict[str, str] = {}
    for line in (ln.strip() for ln in text.splitlines()):
        if not line or line.startswith("#"):
            continue
        pin = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)((?: --hash=sha256:[0-9a-f]{64})+)", line)
        assert pin, f"{name}: not a pin with hashes: {line[:100]}"
        pins[canonicalize_name(pin[1])] = pin[2]
    return pins


def modules_of(distributions: set[str]) -> set[str]:
    """The top-level modules these distributions install (as this venv holds them)."""
    return {
        module
        for module, dists in importlib.metadata.packages_distributions().items()
        if any(canonicalize_name(d) in distributions for d in dists)
    }


def wheel_packages() -> list[str]:
    packages: list[str] = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    return packages


def test_the_image_installs_only_locked_versions_with_their_hashes() -> None:
    installs = [m[0] for run in runs() for m in re.finditer(r"pip install [^&]*", run)]
    copied = " ".join(ln for ln in DOCKERFILE.splitlines() if ln.startswith("COPY "))

    assert image_locks() == ["requirements/client.txt"]  # the server and the mock TPS client
    for command in installs:  # a lock with hashes, or a file of ours without dependencies
        assert "--require-hashes -r requirements/" in command or "--no-deps" in command, command
        for lock in re.findall(r"-r (\S+)", command):
            assert lock.removeprefix("requirements/") in copied, lock
            assert locked(lock)
    wheel = next(run for run in runs() if " wheel " in run)
    assert "--no-build-isolation" in wheel  # on the backend of requirements/build.txt
    assert "/opt/build/bin/pip install --require-hashes -r requirements/build.txt" in DOCKERFILE
    assert wheel.startswith("/opt/build/bin/pip wheel")


@pytest.mark.parametrize(
    ("lock", "extras"),
    [
        ("requirements/server.txt", ()),
        ("requirements/client.txt", ("client",)),
        ("requirements/dev.txt", ("client", "dev")),
    ],
)
def test_each_lock_pins_what_pyproject_asks_for_at_one_version_everywhere(
    lock: str, extras: tuple[str, ...]
) -> None:
    project = PYPROJECT["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for e in extras for r in project["optional-dependencies"][e]]
    if "dev" in extras:  # dev.txt brings the build backend too (pip install --no-build-isolation)
        wanted += [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    pins = locked(lock)
    server = locked("requirements/server.txt")

    for req in wanted:
        name = canonicalize_name(req.name)
        if name == "plp-online" or (req.marker and not req.marker.evaluate()):
            continue
        assert name in pins, f"{req} is not in {lock}: run scripts/lock"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req} vs {pins[name]}"
    assert {n: v for n, v in pins.items() if n in server} == server  # same versions


def test_the_server_lock_leaves_out_what_only_the_mock_client_uses() -> None:
    server, client = locked("requirements/server.txt"), locked("requirements/client.txt")
    assert {"zeep", "rich", "requests"} <= client.keys() - server.keys()


def _imports(package: str) -> dict[str, set[str]]:
    """Top-level modules each file of the package imports, lazy imports included."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.partition(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


# A pytest plugin for the user's own test suite: pytest is theirs, never the image's.
PYTEST_PLUGIN = "plp_mock_tps.pytest_plugin"

# Run in a separate interpreter of this venv: only the standard library, the wheel's packages
# and the modules of the given lock's distributions can be imported, as in the image.
GUARD = r"""
import importlib, importlib.abc, importlib.util, json, pkgutil, sys, sysconfig
from importlib.machinery import PathFinder

allowed, scripts, packages, skip, lazy = (json.loads(a) for a in sys.argv[1:])
allowed = set(allowed) | set(packages) | {"pip", "setuptools", "pkg_resources", "_distutils_hack"}
site_packages = sorted({sysconfig.get_paths()[k] for k in ("purelib", "platlib")})
verdicts = {}

def blocked(name):
    # what this venv installed beyond the lock; the standard library is never in site-packages
    top = name.partition(".")[0]
    if top not in verdicts:
        installed = PathFinder.find_spec(top, site_packages) is not None
        verdicts[top] = installed and top not in allowed
    return verdicts[top]

class NotInTheImage(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if blocked(name):
            raise ModuleNotFoundError(f"No module named {name!r} (not in the image)", name=name)
        return None

real_find_spec = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if blocked(name) else real_find_spec(name, *a)
sys.meta_path.insert(0, NotInTheImage())

for script, target in scripts:
    module, _, attr = target.partition(":")
    sys.argv = [script, "--help"]
    try:
        getattr(importlib.import_module(module), attr)()
    except SystemExit as exc:
        assert exc.code in (0, None), f"{script} --help exited {exc.code}"
    print("SCRIPT OK", script, flush=True)

def fail(name):
    raise

for package in packages:
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + ".", onerror=fail):
        leaf = info.name.rpartition(".")[2]
        if leaf == "__main__" or any(info.name.startswith(s) for s in skip):
            continue
        importlib.import_module(info.name)
        print("IMPORTED", info.name, flush=True)

for name in lazy:  # what functions import when called: each with all it needs
    importlib.import_module(name)
    print("IMPORTED", name, flush=True)
"""


def _run_with_only(
    lock_files: list[str], packages: list[str], scripts: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    distributions = {n for lock in lock_files for n in locked(lock)}
    skip = [PYTEST_PLUGIN, "app.adapters.sql.migrations"]  # migrations: run by Alembic
    lazy = {
        name
        for package in packages
        for path, names in _imports(package).items()
        if path != PYTEST_PLUGIN.replace(".", "/") + ".py"
        for name in names
        if name not in sys.stdlib_module_names and name not in packages
    }
    args = [
        sorted(modules_of(distributions)),
        sorted(scripts.items()),
        packages,
        skip,
        sorted(lazy),
    ]
    return subprocess.run(
        [sys.executable, "-c", GUARD, *(json.dumps(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )


def test_every_script_the_image_declares_runs_on_what_the_image_installs() -> None:
    scripts: dict[str, str] = PYPROJECT["project"]["scripts"]
    copied = [ln.split()[1] for ln in DOCKERFILE.splitlines() if ln.startswith("COPY ")]
    distributions = {n for lock in image_locks() for n in locked(lock)}
    available = modules_of(distributions) | set(sys.stdlib_module_names) | set(wheel_packages())

    for package in wheel_packages():
        assert package in copied, f"the wheel's package {package} is not copied into the build"
    assert {t.partition(".")[0] for t in scripts.values()} <= set(wheel_packages())
    for path, names in {**_imports("app"), **_imports("plp_mock_tps")}.items():
        if path != PYTEST_PLUGIN.replace(".", "/") + ".py":
            assert names <= available, f"{path} imports {names - available}, not in the image"

    done = _run_with_only(image_locks(), wheel_packages(), scripts)
    assert done.returncode == 0, done.stderr[-4000:]
    out = done.stdout
    assert all(f"SCRIPT OK {name}" in out for name in scripts)
    assert "IMPORTED plp_mock_tps.cli" in out and "IMPORTED app.main" in out
    assert "IMPORTED zeep" in out and "IMPORTED matplotlib" in out  # imported when used


def test_the_server_runs_on_the_server_lock_alone() -> None:
    """The [client] extra is the mock client's: the server needs nothing of it."""
    server_scripts = {n: t for n, t in PYPROJECT["project"]["scripts"].items() if t[:4] == "app."}

    server = _run_with_only(["requirements/server.txt"], ["app"], server_scripts)
    client = _run_with_only(["requirements/server.txt"], ["plp_mock_tps"], {})

    assert server.returncode == 0, server.stderr[-4000:]
    assert "SCRIPT OK plp-online" in server.stdout and "IMPORTED app.main" in server.stdout
    # the guard holds: the mock client's own dependencies are not there
    assert re.search(r"No module named '(requests|rich|zeep)' \(not in the image\)", client.stderr)


# --- docker-compose.yml in production: the first admin logs in --------------------------------


def compose_env(service: str, given: dict[str, str], secret_dir: Path) -> dict[str, str]:
    """A service's environment as compose hands it over: ${VAR:-default} and ${VAR:?error}
    interpolated from `given`, and each of its secrets (top-level `environment:` source) written
    to a file of secret_dir in place of /run/secrets/NAME."""

    def interpolate(match: re.Match[str]) -> str:
        name, kind, rest = match[1], match[2], match[3]
        if name in given:
            return given[name]
        assert kind == ":-", f"compose needs {name}: {rest}"
        return str(rest)

    spec = COMPOSE["services"][service]
    env = {
        k: re.sub(r"\$\{(\w+)(:[-?])?([^}]*)\}", interpolate, str(v))
        for k, v in spec["environment"].items()
    }
    for name in spec.get("secrets", []):
        source = COMPOSE["secrets"][name]["environment"]
        (secret_dir / name).write_text(given[source])
        env = {k: v.replace(f"/run/secrets/{name}", str(secret_dir / name)) for k, v in env.items()}
    return env


@pytest.mark.postgres
def test_compose_in_production_creates_the_first_admin_who_logs_in_on_both_instances(
    make_empty_pg_database: Callable[[], str], tmp_path: Path
) -> None:
    password = secrets.token_urlsafe(18)
    given = {"PLP_JWT_SECRET": secrets.token_urlsafe(48), "PLP_ADMIN_PASSWORD": password}
    database = make_empty_pg_database()  # the compose database, new: no schema, no account
    web = []
    for name in ("web-1", "web-2"):  # started together: one creates the admin
        env = compose_env(name, given, tmp_path) | {"PLP_DATABASE_URL": database}
        port = free_port()
        argv = local(exec_form(instruction("CMD")), port)
        web.append(Instance(argv, image_env() | env, tmp_path / f"{name}.log", port=port))
    try:
        for instance in web:
            instance.start(wait_ready=False)
        for instance in web:
            instance.wait_ready()
        username = web[0].env["PLP_ADMIN_USERNAME"]
        answers = [_log_in(i.url, username, password) for i in web]
        demo = httpx.post(
            f"{web[0].url}/api/v1/auth/token", data={"username": "tpka", "password": "tpka-demo"}
        )
        accounts = httpx.get(f"{web[1].url}/api/v1/admin/accounts", headers=answers[0])
    finally:
        for instance in web:
            instance.stop()
    logs = "".join((tmp_path / f"{name}.log").read_text() for name in ("web-1", "web-2"))

    assert web[0].env["PLP_MODE"] == "production"
    assert accounts.status_code == 200, accounts.text
    assert [(a["username"], a["role"]) for a in accounts.json()] == [(username, "admin")]
    assert demo.status_code == 401  # production: no demo accounts
    assert logs.count(f"first admin account {username} created") == 1
    assert password not in logs


def _log_in(url: str, username: str, password: str) -> dict[str, str]:
    r = httpx.post(f"{url}/api/v1/auth/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
