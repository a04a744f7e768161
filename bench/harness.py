"""Shared pieces of the benchmarks: databases with a big bench manifest, server processes, wrk."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from stdnum import iso6346

from app.adapters.sql.database import Database, normalise_url
from app.adapters.sql.tables.reference_tables import (
    ManifestContainerRow,
    ManifestItemRow,
    ManifestRow,
)
from app.adapters.sql.tables.stock_tables import GoodsStockRow
from app.config import Settings
from app.main import prepare_database

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = normalise_url(
    os.environ.get("PLP_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
)
BENCH_BC11 = ("040300", "009999", date(2026, 11, 20))


def container_numbers(count: int, owner: str) -> list[tuple[str, str]]:
    out = []
    for serial in range(count):
        base = f"{owner}U{serial:06d}"
        out.append((base + iso6346.calc_check_digit(base), "20" if serial % 2 else "40"))
    return out


def seed_bench_manifest(url: str, numbers: list[tuple[str, str]]) -> None:
    """One position per container, at TPKA (E7), inserted with Core: the ORM would take
    minutes here."""
    manifest, item, container = (
        t.__table__ for t in (ManifestRow, ManifestItemRow, ManifestContainerRow)
    )  # type: ignore[attr-defined]
    office, number, when = BENCH_BC11
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        manifest_id = conn.execute(
            insert(manifest).returning(manifest.c.id),
            [
                {
                    "office_code": office,
                    "number": number,
                    "manifest_date": when,
                    "vessel_name": "MV BENCH",
                    "call_sign": "BENCH",
                    "voyage": "001",
                }
            ],
        ).scalar_one()
        positions = [
            {
                "manifest_id": manifest_id,
                "pos_number": f"{i:012d}",
                "consignee": "PT BENCH",
                "consignee_id": "",
                "excise": False,
            }
            for i in range(len(numbers))
        ]
        conn.execute(insert(item), positions)
        ids = (
            conn.execute(
                select(item.c.id).where(item.c.manifest_id == manifest_id).order_by(item.c.id)
            )
            .scalars()
            .all()
        )
        conn.execute(
            insert(container),
            [
                {"item_id": item_id, "number": n, "size": size, "fcl_lcl": "F"}
                for item_id, (n, size) in zip(ids, numbers, strict=True)
            ],
        )
        conn.execute(  # E7: every container discharged at TPKA, the bench's origin
            insert(GoodsStockRow.__table__),  # type: ignore[attr-defined]
            [
                {
                    "office_code": office,
                    "bc11_number": number,
                    "bc11_date": when,
                    "goods_key": f"C:{n}",
                    "status": "AT_TPS",
                    "tps_code": "TPKA",
                    "gudang": "TPKA",
                    "report": "bench",
                }
                for n, _ in numbers
            ],
        )
        conn.execute(text("ANALYZE"))  # what autovacuum would have done in production
    engine.dispose()


@dataclass
class Databases:
    """A template database per engine kind, copied fresh for every run."""

    workdir: Path
    created: list[str] = field(default_factory=list)

    def template(self, kind: str, numbers: list[tuple[str, str]]) -> str:
        url = self._new(kind, "tmpl")
        database = Database(url)
        prepare_database(database, Settings(mode="demo", database_url=url))
        database.dispose()
        seed_bench_manifest(url, numbers)
        return url

    def copy(self, kind: str, template: str) -> str:
        if kind == "sqlite":
            source = Path(make_url(template).database or "")
            target = self.workdir / f"run-{uuid.uuid4().hex[:6]}.db"
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        name = f"plp_bench_{uuid.uuid4().hex[:8]}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(template).database}"')
        self.created.append(name)
        return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)

    def analyze(self, url: str) -> None:
        """Statistics of the rows a warm-up wrote. PostgreSQL's autovacuum analyzes a table once
        a tenth of it changed, within a minute: a run is shorter than that, and plans made for
        empty request tables (sequential scans) would otherwise stay cached for its length."""
        engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
        engine.dispose()

    def drop_all(self) -> None:
        """Drop the PostgreSQL databases this run made (other runs' stay untouched)."""
        for name in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()

    def _new(self, kind: str, tag: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{self.workdir / f'{tag}.db'}"
        name = f"plp_bench_{tag}_{uuid.uuid4().hex[:6]}"
        self._admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(sql))
        engine.dispose()


class Server:
    """A server process on a free port, stopped on exit."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                argv, env=os.environ | env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
            )
        self._wait(log)

    def _wait(self, log: Path) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(log.read_text())
            try:
                httpx.get(self.url + "/health/live", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError("server did not start:\n" + log.read_text())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def serve_argv(workers: int) -> list[str]:
    return [sys.executable, "-m", "app.cli", "serve", "--port", "{port}", "--workers", str(workers)]


def login(url: str, username: str) -> str:
    r = httpx.post(
        f"{url}/api/v1/auth/token", data={"username": username, "password": f"{username}-demo"}
    )
    r.raise_for_status()
    return str(r.json()["access_token"])


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int


def wrk(
    url: str, script: Path, seconds: int, connections: int, threads: int, env: dict[str, str]
) -> WrkResult:
    if shutil.which("wrk") is None:
        raise SystemExit("the load generator wrk is missing: apt-get install wrk (Debian's)")
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        env=os.environ | env | {"BENCH_THREADS": str(threads)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return WrkResult(
        rps=float(_grab(r"Requests/sec:\s+([\d.]+)", out)),
        p50_ms=_ms(_grab(r"\n\s+50%\s+(\S+)", out)),
        p99_ms=_ms(_grab(r"\n\s+99%\s+(\S+)", out)),
        requests=int(_grab(r"(\d+) requests in", out)),
        non_2xx=int(_grab(r"Non-2xx or 3xx responses: (\d+)", out, "0")),
    )


def _grab(pattern: str, text_: str, default: str | None = None) -> str:
    match = re.search(pattern, text_)
    if match is None:
        if default is None:
            raise RuntimeError(f"wrk output without {pattern!r}:\n{text_}")
        return default
    return match.group(1)


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
