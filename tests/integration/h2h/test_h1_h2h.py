"""H1 through H2H: a coarri gate-out of a move out of working hours without the origin TPS's
notice is recorded (201) and flagged for the P2 section, never refused for H1."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.h2h.test_h2h_errors import _uploaded
from tests.integration.h2h.test_h2h_procedure import plp
from tests.integration.h2h.test_h2h_support import CREATED, H2h, assert_envelope, coarri_kontainer
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import WIB, Api, now


def test_h1_a_coarri_gate_out_at_night_without_notice_is_recorded_and_flagged(
    api_any_db: Api,
) -> None:
    api = api_any_db
    tpka = H2h(api, "tpka")
    r = _uploaded(tpka)
    rid = request_of(api, r)["id"]
    number, on = plp(approve(api, rid))
    assert (
        api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True).status_code
        == 200
    )
    evening = now().astimezone(WIB).replace(hour=21, minute=0, second=0, microsecond=0)
    api.client.app.state.services.clock.set(evening + timedelta(minutes=30))

    at = evening.strftime("%d-%m-%Y %H:%M:%S")
    out = coarri_kontainer("H1H", "3", "TPKA", (number, on), at, ["MSKU1001373"])
    assert_envelope(tpka.post("/coarri-codeco-container", out), 200, 201, CREATED)

    stored = request_of(api, r)
    assert stored["status"] == "GATED_OUT" and stored["movement"]["out_of_hours_alert"] is True
    flags = [e for e in stored["audit"] if e["action"] == "out_of_hours_move"]
    assert len(flags) == 1 and flags[0]["detail"]["rule"] == "H1"
    queued = api.get("/api/v1/queue", "p2-section").json()["items"]
    assert rid in [i["id"] for i in queued]
