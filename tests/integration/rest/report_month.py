"""A generated month with known numbers for the L3 report: August 2026 at office 040300
(Tanjung Priok, standard calendar), with Independence Day on Monday 17 August.

Every step runs through the API on the service clock, in time order. Working hours of the
calendar: Monday-Thursday 8 h 45 (07:30-12:15, 13:00-17:00), Friday 7 h 45 (07:30-11:30,
13:15-17:00). Requests, by label:

  A  TPKA YOR_SOR       Mon 03 08:00, approved Tue 04 08:00; released, gated out and in
  B  TPKA NO_LCL_SPACE  Fri 14 15:00, rejected Tue 18 09:00, over the holiday weekend
  C  KOJA NO_LCL_SPACE  Mon 03 10:00, approved Fri 07 10:00 (after its deadline), cancelled
  D  TPKA NO_LCL_SPACE  Wed 05 11:00, refused on arrival: E3
  E  TPKA NO_LCL_SPACE  Wed 05 11:30, refused on arrival: E3 and E2
  F  TPKA NO_LCL_SPACE  Tue 11 09:00, approved 13:00; release refused, then given; a
                        discrepancy at the destination, investigated; gated in
  G  TPKA NO_LCL_SPACE  Thu 30 July 09:00, approved Mon 03 09:00 (a decision of August)
  H  TPKA NO_LCL_SPACE  Mon 31 16:00, decided Tue 1 September (a request of August)
  I  KOJA YOR_SOR       Wed 19 09:00, rejected 16:00
  J  TPKA SPECIAL_FAC.  Thu 20 10:00, cancelled 11:00 before any decision
  K  JGE1 (office 050100) Mon 03 09:00, refused on arrival: not in this office's report
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from stdnum import iso6346

from tests.support import Api

WIB = "+07:00"


def container(serial: int) -> str:
    number = f"RPTU{700000 + serial}"
    return number + iso6346.calc_check_digit(number)


PIB, PIB2, NOT_IN_MANIFEST = container(5), container(7), container(15)
FROM_KOJA = (4, 12)  # requests C and I leave KOJA (E7: their goods were discharged there)
MANIFEST = {
    "office_code": "040300",
    "number": "007001",
    "date": "2026-07-20",
    "vessel_name": "MV REPORT MONTH",
    "arrival_date": "2026-07-19",
    "discharged_at": {"tps": "TPKA", "at": "2026-07-20T06:00:00+07:00"},  # E7
    "items": [
        {
            "pos_number": f"{n:04d}00000000",
            "bl_number": f"HBL-RPT-{n:04d}",
            "bl_date": "2026-07-15",
            "containers": [{"number": container(n), "size": "20", "iso_type": "22G1"}],
        }
        | ({"discharged_at": {"tps": "KOJA"}} if n in FROM_KOJA else {})
        for n in range(1, 15)
    ],
}
DECLARATIONS = [
    {"office_code": "040300", "number": "070001", "date": "2026-07-25", "containers": [PIB]},
    {"office_code": "040300", "number": "070002", "date": "2026-07-25", "containers": [PIB2]},
]


@dataclass
class Month:
    api: Api
    ids: dict[str, str] = field(default_factory=dict)
    steps: list[tuple[str, Callable[[], None]]] = field(default_factory=list)

    def at(self, when: str, step: Callable[[], None]) -> None:
        self.steps.append((when, step))

    def run(self) -> None:
        for when, step in sorted(self.steps, key=lambda s: s[0]):  # ISO strings sort in time
            self._clock(f"{when}:00{WIB}")
            step()

    def _clock(self, at: str) -> None:
        r = self.api.client.put(
            "/api/v1/test/clock", json={"at": at, "frozen": True}, headers=self.api.auth("admin")
        )
        assert r.status_code == 200, r.text

    def submit(self, label: str, as_: str, numbers: list[str], **header: Any) -> None:
        tps = as_.upper()
        body = {
            "office_code": "040300",
            "ref_number": f"{tps}-RPT-{label}",
            "letter_number": f"{label}/PLP/{tps}/2026",
            "letter_date": "2026-07-30",
            "origin_tps": tps,
            "origin_gudang": tps,
            "destination_tps": "CFSB",
            "destination_gudang": "CFB1",
            "reason": "NO_LCL_SPACE",
            "bc11_number": "007001",
            "bc11_date": "2026-07-20",
            "applicant_name": "REPORT TEST",
            "containers": [{"number": n, "size": "20", "iso_type": "22G1"} for n in numbers],
        } | header
        r = self.api.post("/api/v1/plp-requests", as_, body)
        assert r.status_code == 201, r.text
        self.ids[label] = r.json()["id"]

    def step(self, label: str, path: str, as_: str, **body: Any) -> None:
        r = self.api.step(self.ids[label], path, as_, **body)
        assert r.status_code == 200, (label, path, r.text)

    def approve_cancellation(self, label: str) -> None:
        """L1: the Kasubsi approves the request's pending cancellation."""
        rid = self.ids[label]
        waiting = self.api.get(f"/api/v1/plp-requests/{rid}", "kasubsi").json()["cancellation"]
        path = f"cancellations/{waiting['number']}/decision"
        self.step(label, path, "kasubsi", approve=True)


def _walk(m: Month, label: str, day: str, *, refuse_release: bool, discrepancy: bool) -> None:
    """Release (after a refusal if asked), gate out, check at the destination, gate in."""
    next_day = f"{day[:-2]}{int(day[-2:]) + 1:02d}"
    seal = {"matched": True, "escorted": True}
    plan: list[tuple[str, str, str, dict[str, Any]]] = []
    if refuse_release:
        refused = {"matched": False, "note": "one seal broken"}
        plan += [
            (f"{day}T09:00", "origin-check", "supervisor-asal", refused),
            (f"{day}T10:00", "origin-check/follow-up", "manifest", {"note": "resealed"}),
        ]
    plan += [
        (f"{day}T11:00", "origin-check", "supervisor-asal", seal),
        (f"{day}T11:05", "gate-out", "tpka", {"at": f"{day}T11:01:00{WIB}"}),
        (f"{day}T14:00", "destination-check", "supervisor-tujuan", {"matched": not discrepancy}),
    ]
    if discrepancy:
        plan[-1][3]["note"] = "seal number differs"
        plan.append((f"{next_day}T09:00", "investigation", "p2-section", {"note": "no offence"}))
        gate_in_day, hour = next_day, "10"
    else:
        gate_in_day, hour = day, "15"
    gate_in = {"at": f"{gate_in_day}T{hour}:00:00{WIB}"}
    plan.append((f"{gate_in_day}T{hour}:05", "gate-in", "cfsb", gate_in))
    for when, path, who, body in plan:
        m.at(when, partial(m.step, label, path, who, **body))


def build_month(api: Api) -> Month:
    """Loads the month's goods and runs every step of the story above."""
    r = api.post("/api/v1/admin/manifests", "admin", MANIFEST)
    assert r.status_code == 200, r.text
    for declaration in DECLARATIONS:
        assert api.post("/api/v1/admin/declarations", "admin", declaration).status_code == 200
    m = Month(api)
    yor: dict[str, Any] = {"reason": "YOR_SOR", "yor_origin": 80}
    rec = {"approve": True, "note": "in order"}
    reject = {"approve": False, "reason": "not justified"}
    # A: YOR_SOR (R1: both recommendations), decided in 8 h 45, then the whole movement
    m.at("2026-08-03T08:00", lambda: m.submit("A", "tpka", [container(1), container(2)], **yor))
    m.at("2026-08-03T09:00", lambda: m.step("A", "recommendations/manifest", "manifest", **rec))
    m.at("2026-08-03T09:30", lambda: m.step("A", "recommendations/p2", "p2", **rec))
    m.at("2026-08-04T08:00", lambda: m.step("A", "decision", "kasubsi", approve=True))
    _walk(m, "A", "2026-08-05", refuse_release=False, discrepancy=False)
    # B: Friday 15:00; Monday 17 August is Independence Day; rejected Tuesday 09:00
    m.at("2026-08-14T15:00", lambda: m.submit("B", "tpka", [container(3)]))
    m.at("2026-08-14T16:00", lambda: m.step("B", "recommendations/manifest", "manifest", **rec))
    m.at("2026-08-18T09:00", lambda: m.step("B", "decision", "kasubsi", **reject))
    # C: KOJA, approved a day after its deadline (R4 breach), then cancelled (L1)
    m.at("2026-08-03T10:00", lambda: m.submit("C", "koja", [container(4)], origin_gudang="KOJA"))
    m.at("2026-08-03T11:00", lambda: m.step("C", "recommendations/manifest", "manifest", **rec))
    m.at("2026-08-07T10:00", lambda: m.step("C", "decision", "kasubsi", approve=True))
    m.at("2026-08-10T09:00", lambda: m.step("C", "cancellation", "koja", reason="not needed"))
    m.at("2026-08-10T10:00", lambda: m.approve_cancellation("C"))
    # D, E: refused on arrival (E3; E3 and E2)
    m.at("2026-08-05T11:00", lambda: m.submit("D", "tpka", [PIB]))
    m.at("2026-08-05T11:30", lambda: m.submit("E", "tpka", [PIB2, NOT_IN_MANIFEST]))
    # F: approved in 3 h 15; release refused once (M2), a discrepancy at the destination (M4)
    m.at("2026-08-11T09:00", lambda: m.submit("F", "tpka", [container(8), container(9)]))
    m.at("2026-08-11T10:00", lambda: m.step("F", "recommendations/manifest", "manifest", **rec))
    m.at("2026-08-11T13:00", lambda: m.step("F", "decision", "kasubsi", approve=True))
    _walk(m, "F", "2026-08-12", refuse_release=True, discrepancy=True)
    # G: filed in July, decided in August
    m.at("2026-07-30T09:00", lambda: m.submit("G", "tpka", [container(10)]))
    m.at("2026-07-30T10:00", lambda: m.step("G", "recommendations/manifest", "manifest", **rec))
    m.at("2026-08-03T09:00", lambda: m.step("G", "decision", "kasubsi", approve=True))
    # H: filed on the last afternoon of August, decided in September
    m.at("2026-08-31T16:00", lambda: m.submit("H", "tpka", [container(11)]))
    m.at("2026-08-31T16:30", lambda: m.step("H", "recommendations/manifest", "manifest", **rec))
    m.at("2026-09-01T08:00", lambda: m.step("H", "decision", "kasubsi", approve=True))
    # I: KOJA YOR_SOR, rejected the same day
    i_header = yor | {"origin_gudang": "KOJA"}
    m.at("2026-08-19T09:00", lambda: m.submit("I", "koja", [container(12)], **i_header))
    m.at("2026-08-19T10:00", lambda: m.step("I", "recommendations/manifest", "manifest", **rec))
    m.at("2026-08-19T11:00", lambda: m.step("I", "recommendations/p2", "p2", **rec))
    m.at("2026-08-19T16:00", lambda: m.step("I", "decision", "kasubsi", **reject))
    # J: cancelled while in review
    j_header = {"reason": "SPECIAL_FACILITY"}
    m.at("2026-08-20T10:00", lambda: m.submit("J", "tpka", [container(13)], **j_header))
    m.at("2026-08-20T11:00", lambda: m.step("J", "cancellation", "tpka", reason="withdrawn"))
    # K: another office's request
    k_header = {"office_code": "050100", "origin_gudang": "JGE1"}
    m.at("2026-08-03T09:00", lambda: m.submit("K", "jge1", [container(14)], **k_header))
    m.run()
    return m
