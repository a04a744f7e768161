"""Issue 16.11: the requests a `plp-mock-tps load` run files are tagged (demo and test mode)
and the monthly report, its files and charts leave them out, saying how many; on SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest

from app.api.http.load_runs import LOAD_RUN_HEADER, LoadRunTag
from app.config import Settings
from app.main import create_app
from plp_mock_tps.connection import Connection
from plp_mock_tps.load import LoadOptions, run_load
from tests.integration.h2h.test_h2h_support import (
    CREATED,
    TPS_BASE,
    H2h,
    assert_envelope,
    permohonan,
)
from tests.integration.h2h.test_h2h_support import ref as h2h_ref
from tests.integration.sql.test_first_admin import SECRET
from tests.support import WIB, Api, make_api, now

SUBMIT = {"rest": "POST /api/v1/plp-requests", "soap": "SOAP UploadMohonPLP"}


@pytest.mark.parametrize("protocol", ["rest", "soap"])
def test_l3_requests_of_a_load_run_are_left_out_of_the_monthly_report(
    db_url: str, protocol: str
) -> None:
    with make_api(db_url) as client:
        api = Api(client)
        report = _report_path()
        before = api.get(report, "kasubsi").json()
        assert api.submit().status_code == 201  # not a load run's: counted
        options = LoadOptions(
            clients=2, seconds=None, count=4, invalid_share=0.5, protocol=protocol
        )
        load = run_load(Connection(client=client), options)
        after = api.get(report, "kasubsi").json()
        rows = list(csv.reader(io.StringIO(api.get(f"{report}?format=csv", "kasubsi").text)))

    filed = len(load.latencies[SUBMIT[protocol]])
    assert filed == 4 and not load.errors, load.as_dict()
    assert after["totals"]["requests"] == before["totals"]["requests"] + 1
    assert after["load_run_requests_excluded"] == before["load_run_requests_excluded"] + filed
    excluded = [r for r in rows if r[2:5] == ["excluded", "load_runs", "requests"]]
    assert [r[5] for r in excluded] == [str(after["load_run_requests_excluded"])]


def test_l3_the_load_run_header_means_nothing_in_production(sqlite_url: str) -> None:
    settings = Settings(
        mode="production", database_url=sqlite_url, jwt_secret=SECRET, run_scheduler=False
    )  # type: ignore[arg-type]

    app = create_app(settings)

    assert LoadRunTag not in [m.cls for m in app.user_middleware]


def test_l3_an_h2h_upload_of_a_load_run_is_left_out_too(api_any_db: Api) -> None:
    tpka, report = H2h(api_any_db, "tpka"), _report_path()
    before = api_any_db.get(report, "kasubsi").json()["load_run_requests_excluded"]
    r = h2h_ref()

    sent = api_any_db.client.post(
        f"{TPS_BASE}/upload-mohon-plp",
        json=permohonan(r, [("TGHU1002113", "40")]),
        headers=tpka.headers | {LOAD_RUN_HEADER: "load-h2h-test"},
    )

    assert_envelope(sent, 200, 201, CREATED)
    after = api_any_db.get(report, "kasubsi").json()["load_run_requests_excluded"]
    assert after == before + 1


def _report_path() -> str:
    return f"/api/v1/reports/monthly/040300/{now().astimezone(WIB):%Y-%m}"
