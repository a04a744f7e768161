"""How fast each XML attack of the test corpus is refused, against an ordinary 10-container
UploadMohonPLP, in one run: the issue asks for "a Fault quickly"; tests check only that it is a
Fault and nothing is stored. Run: .venv/bin/python -m bench.xml_attacks"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from app.adapters.sql.database import Database
from app.config import Settings
from app.main import prepare_database
from tests.integration.soap.soap_support import envelope, loadplp, ref
from tests.integration.soap.test_security_xml import ATTACKS
from tests.integration.soap.test_soap_attacks import BODIES
from tests.support import DEMO_CONTAINERS, make_api

ROUNDS = 5


def main() -> None:
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'attacks.db'}"
    database = Database(url)
    prepare_database(database, Settings(mode="demo", database_url=url))
    database.dispose()
    cases = {f"corpus:{k}": (v.encode() if isinstance(v, str) else v, "text/xml")
             for k, v in BODIES.items()}  # fmt: skip
    cases |= {f"security:{k}": v for k, v in ATTACKS.items()}
    goods = [(n, s) for n, s in list(DEMO_CONTAINERS.items())[:10]]
    with make_api(url) as client:
        ordinary = _median(client, lambda: _upload(goods), "text/xml")
        print(f"{'ordinary 10-container upload':48} {ordinary * 1000:8.1f} ms")
        for name, (body, content_type) in cases.items():
            seconds = _median(client, lambda b=body: b, content_type)
            print(f"{name:48} {seconds * 1000:8.1f} ms  {seconds / ordinary:6.1f}x ordinary")


def _upload(goods: list[tuple[str, str]]) -> bytes:
    params = [("fStream", loadplp(ref(), goods)), ("Username", "tpka"), ("Password", "tpka-demo")]
    return envelope("UploadMohonPLP", params).encode()


def _median(client: object, body: object, content_type: str) -> float:
    times = []
    for _ in range(ROUNDS):
        payload = body()  # type: ignore[operator]
        started = time.perf_counter()
        client.post("/tps/service.asmx", content=payload,  # type: ignore[attr-defined]
                    headers={"Content-Type": content_type})  # fmt: skip
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    main()
