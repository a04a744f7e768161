"""Issue 17: whatever a client sends (and whatever the channels could read of it), grading and
the director answer, never raise: a run is graded even when the evidence is odd."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.conformance.catalogue import SCENARIOS
from app.domain.conformance.data import scenario_data
from app.domain.conformance.director import fault_for, next_moves
from app.domain.conformance.grading import grade
from app.domain.conformance.model import Action, Direction, Fault, Observed, Protocol

T0 = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
KEYS = ("outcome", "delivered", "move", "clock", "seals", "gate_times", "kd_dok", "kd_dok_inout")
VALUES = st.sampled_from(
    ["", "accepted", "refused", "empty", "failed", "approve", "release", "x,y", "3", "20260310",
     "2026-03-10T09:00:00+07:00", "10-03-2026 09:00:00", "not possible: x", ",,", "abc"]
)  # fmt: skip
MESSAGE = st.builds(
    lambda i, d, a, f, s, det, c: (i, d, a, f, s, det, c),
    st.integers(0, 300),
    st.sampled_from(list(Direction)),
    st.sampled_from(list(Action)),
    st.none() | st.sampled_from(list(Fault)),
    st.none() | st.sampled_from([200, 401, 409, 503]),
    st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5),
    st.lists(st.sampled_from(["AAAU1234565", "X", ""]), max_size=3),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(MESSAGE, max_size=12))
def test_odd_evidence_is_graded_and_directed_without_error(raw: list[tuple]) -> None:  # type: ignore[type-arg]
    messages = [
        Observed(n + 1, T0 + timedelta(seconds=s), d, Protocol.SOAP11, "op", a, "R1",
                 tuple(c), status, "", f, details=det)
        for n, (s, d, a, f, status, det, c) in enumerate(raw)
    ]  # fmt: skip
    for spec in SCENARIOS:
        data = scenario_data("run", spec, "TPKA", "TPK1", "CFSB", "CFB1")
        checks = grade(spec, data, messages)
        assert checks
        next_moves(spec, data, messages, frozenset())
        if messages:
            fault_for(spec, data, messages[-1], messages[:-1])
