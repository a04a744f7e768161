"""Processes for the multi-instance, crash and container tests: `plp-online serve` and
`python -m app.jobs` as a user (or a container) starts them, each on its own port and log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.e2e.conftest import _run_on_test_time, free_port


@dataclass
class Instance:
    argv: list[str]
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait_ready: bool = True) -> Instance:
        argv = [a.replace("{port}", str(self.port)) for a in self.argv]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                argv, env=os.environ | self.env, stdout=out, stderr=subprocess.STDOUT
            )
        if wait_ready:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"exited early:\n{self.log.read_text()[-4000:]}")
            try:
                if httpx.get(f"{self.url}/health/ready", timeout=1).status_code == 200:
                    if self.env.get("PLP_MODE", "demo") != "production":
                        _run_on_test_time(self.url)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"not ready:\n{self.log.read_text()[-4000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as in a power cut or an OOM kill."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def serve(database_url: str, log: Path, workers: int = 1, **env: str) -> Instance:
    argv = [sys.executable, "-m", "app.cli", "serve", "--port", "{port}"]
    argv += ["--workers", str(workers)]
    environment = {"PLP_DATABASE_URL": database_url, "PLP_MODE": "demo"} | env
    return Instance(argv, environment, log)


def scheduler(database_url: str, log: Path, **env: str) -> Instance:
    environment = {"PLP_DATABASE_URL": database_url, "PLP_MODE": "demo"} | env
    return Instance([sys.executable, "-m", "app.jobs"], environment, log)
