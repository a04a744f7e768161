"""Every migration runs up, down and up again, on SQLite and on PostgreSQL (stairway)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Table, create_engine, text
from sqlalchemy.orm import Session

from app.adapters.sql import migrate
from app.adapters.sql.queries.response_query import SqlResponseFeed
from app.adapters.sql.repositories.plp_repository import SqlPlpRequestRepository
from app.adapters.sql.schema import metadata
from app.domain.ports.responses import ResponseKind


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        make: Callable[[], str] = request.getfixturevalue("make_empty_pg_database")
        url = make()
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    yield engine
    engine.dispose()


def test_stairway_up_down_up_for_each_migration(empty_engine: Engine) -> None:
    previous = "base"
    for revision in _revisions():
        migrate.upgrade(empty_engine, revision)
        migrate.downgrade(empty_engine, previous)
        migrate.upgrade(empty_engine, revision)
        previous = revision

    assert migrate.is_current(empty_engine)


def test_head_matches_the_models(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)

    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_e2_stored_declarations_are_bound_to_the_latest_bc11_listing_their_goods(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine, "0010_sessions")
    office = {"office_code": "040300"}
    with empty_engine.begin() as conn:
        put = _inserter(conn)
        put(
            "office",
            code="040300",
            name="P",
            timezone="Asia/Jakarta",
            calendar="standard",
            observes_collective_leave=True,
            mode="online",
        )
        voyages = [("000870", "2026-10-02"), ("001234", "2026-11-20"), ("001300", "2026-12-01")]
        for i, (number, day) in enumerate(voyages, start=1):  # the last is after the declaration
            put(
                "manifest",
                id=i,
                number=number,
                manifest_date=date.fromisoformat(day),
                vessel_name="",
                call_sign="",
                voyage="",
                **office,
            )
            put(
                "manifest_item",
                id=i,
                manifest_id=i,
                pos_number="1",
                consignee="",
                consignee_id="",
                excise=False,
            )
            put("manifest_container", item_id=i, number="TCLU1007292", size="20", fcl_lcl="F")
        for i, container in ((1, "TCLU1007292"), (2, "ZZZU0000000")):
            put(
                "declaration",
                id=i,
                kind="BC20",
                number=f"00090{i}",
                declaration_date=date(2026, 11, 21),
                **office,
            )
            put("declaration_item", declaration_id=i, container_number=container)

    migrate.upgrade(empty_engine, "0011_declaration_bc11")

    with empty_engine.connect() as conn:
        bound = conn.execute(
            text("SELECT id, bc11_number, bc11_date FROM declaration ORDER BY id")
        ).all()
    assert [(b[0], b[1], str(b[2])[:10] if b[2] else None) for b in bound] == [
        (1, "001234", "2026-11-20"),
        (2, None, None),  # lists no goods of any BC 1.1: covers nothing
    ]


def _inserter(conn: Any) -> Callable[..., None]:
    """Rows written as the schema of that revision has them (reflected, not the models)."""
    metadata = MetaData()

    def put(table: str, **values: Any) -> None:
        conn.execute(Table(table, metadata, autoload_with=conn).insert().values(**values))

    return put


def test_t1_offices_and_stored_requests_get_the_transit_defaults(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0011_declaration_bc11")
    out = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    with empty_engine.begin() as conn:
        put = _inserter(conn)
        put("office", code="040300", name="P", timezone="Asia/Jakarta", calendar="standard",
            observes_collective_leave=True, mode="online")  # fmt: skip
        for rid, status, approved in (
            ("on-road", "ENTERED", True),
            ("arrived", "GATED_IN", True),
            ("waiting", "IN_REVIEW", None),
        ):
            put("plp_request", **_request_row(rid, status, approved))
            put("plp_line", request_id=rid, line_no=1, kind="container", line_key=f"C:{rid}",
                active=True, approved=approved, cancelled=False,
                gated_out_at=out if approved else None,
                gated_in_at=out + timedelta(hours=1) if status == "GATED_IN" else None)  # fmt: skip

    migrate.upgrade(empty_engine, "0013_transit_watch")

    with empty_engine.connect() as conn:
        office = conn.execute(
            text("SELECT approval_validity_hours, transit_hours FROM office")
        ).one()
        rows = conn.execute(
            text("SELECT id, transit_hours, transit_due_at FROM plp_request ORDER BY id")
        ).all()
    assert tuple(office) == (None, 24)
    due = {r[0]: (r[1], str(r[2])[:16] if r[2] else None) for r in rows}
    assert due == {
        "arrived": (24, None),
        "on-road": (24, "2026-11-26 02:00"),  # 24 h after its gate-out, in UTC
        "waiting": (None, None),
    }


def test_d1_offices_get_the_sops_kasubsi_and_tanjung_priok_its_kasi(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0017_h1_before_move")
    with empty_engine.begin() as conn:
        put = _inserter(conn)
        for code in ("040300", "050100"):
            put("office", code=code, name=code, timezone="Asia/Jakarta", calendar="standard",
                observes_collective_leave=True, mode="online")  # fmt: skip

    migrate.upgrade(empty_engine, "0018_office_titles")

    with empty_engine.connect() as conn:
        heads = conn.execute(text("SELECT code, manifest_head FROM office ORDER BY code")).all()
    assert [tuple(h) for h in heads] == [("040300", "kasi"), ("050100", "kasubsi")]


def _request_row(rid: str, status: str, approved: bool | None) -> dict[str, Any]:
    at = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    return {
        "id": rid, "version": 1, "status": status, "office_code": "040300", "ref_number": rid,
        "applicant_tps": "TPKA", "side": "origin", "channel": "rest", "data_type": "1",
        "letter_number": "L", "letter_date": date(2026, 11, 24), "origin_tps": "TPKA",
        "origin_gudang": "TPKA", "destination_tps": "CFSB", "destination_gudang": "CFB1",
        "reason": "NO_LCL_SPACE", "bc11_number": "001234", "bc11_date": date(2026, 11, 20),
        "applicant_name": "X", "submitted_at": at, "fingerprint": "f", "needs_p2": False,
        "line_count": 1, "findings": [], "approved": approved,
        "decided_at": at if approved else None,
    }  # fmt: skip


def test_r5_requests_stored_before_the_aids_keep_them_not_computed(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0011_declaration_bc11")
    day, at = date(2026, 11, 25), datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    with empty_engine.begin() as conn:
        _inserter(conn)(
            "plp_request",
            id="old-1", version=0, status="IN_REVIEW", office_code="040300",
            ref_number="TPKA-OLD-1", applicant_tps="TPKA", side="origin", channel="rest",
            data_type="1", letter_number="00101/PLP/TPKA/2026", letter_date=day,
            origin_tps="TPKA", origin_gudang="TPKA", destination_tps="CFSB",
            destination_gudang="CFB1", reason="NO_LCL_SPACE", bc11_number="001234",
            bc11_date=day, applicant_name="BUDI", submitted_at=at, fingerprint="f" * 64,
            needs_p2=False, line_count=0, findings=[],
        )  # fmt: skip

    migrate.upgrade(empty_engine)
    with Session(empty_engine) as session:
        stored = SqlPlpRequestRepository(session).get("old-1", for_update=False)
    migrate.downgrade(empty_engine, "0011_declaration_bc11")
    with empty_engine.connect() as conn:
        kept = conn.execute(text("SELECT ref_number FROM plp_request")).scalars().all()

    assert stored is not None and stored.research_aids is None  # not computed: shown as null
    assert stored.header.judgement_number is None and stored.header.judgement_date is None
    assert kept == ["TPKA-OLD-1"]


def test_e7_goods_of_stored_plps_are_placed_where_those_plps_left_them(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine, "0011_declaration_bc11")
    out, back = datetime(2026, 11, 25, 3, 0), datetime(2026, 11, 25, 5, 0)  # UTC, as stored
    with empty_engine.begin() as conn:
        put = _inserter(conn)
        put("plp_request", **_stored_request("r1", "000101"))
        lines = [("C:TSTU1001000", out, back), ("C:MSKU1001373", out, None), ("C:X", None, None)]
        for no, (key, gated_out, gated_in) in enumerate(lines, start=1):
            put(
                "plp_line",
                request_id="r1",
                line_no=no,
                kind="container",
                line_key=key,
                active=False,
                cancelled=False,
                gated_out_at=gated_out,
                gated_in_at=gated_in,
            )

    migrate.upgrade(empty_engine, "0012_goods_stock")

    with empty_engine.connect() as conn:
        stock = conn.execute(
            text(
                "SELECT goods_key, status, tps_code, gudang, report, plp_request_id "
                "FROM goods_stock ORDER BY goods_key"
            )
        ).all()
    assert [tuple(row) for row in stock] == [
        ("C:MSKU1001373", "IN_TRANSIT", "TPKA", "TPKA", "PLP 000101", "r1"),
        ("C:TSTU1001000", "AT_TPS", "CFSB", "CFB1", "PLP 000101", "r1"),
    ]  # the line that never left has no record: the goods stay unplaced (on board)


def _stored_request(request_id: str, plp_number: str) -> dict[str, Any]:
    return {
        "id": request_id,
        "version": 3,
        "status": "GATED_OUT",
        "office_code": "040300",
        "ref_number": f"REF-{request_id}",
        "applicant_tps": "TPKA",
        "side": "origin",
        "channel": "rest",
        "data_type": "1",
        "letter_number": "1/PLP",
        "letter_date": date(2026, 11, 24),
        "origin_tps": "TPKA",
        "origin_gudang": "TPKA",
        "destination_tps": "CFSB",
        "destination_gudang": "CFB1",
        "reason": "NO_LCL_SPACE",
        "bc11_number": "001234",
        "bc11_date": date(2026, 11, 20),
        "applicant_name": "A",
        "submitted_at": datetime(2026, 11, 24, 1, 0),
        "fingerprint": "f",
        "needs_p2": False,
        "line_count": 3,
        "findings": [],
        "plp_number": plp_number,
        "plp_date": date(2026, 11, 24),
    }


def test_f3_reconciled_paper_plps_get_back_the_number_they_were_approved_under(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine, "0015_seal_chain")
    at = datetime(2026, 11, 30, 8, 0)
    with empty_engine.begin() as conn:
        put = _inserter(conn)
        put("office", code="040300", name="P", timezone="Asia/Jakarta", calendar="standard",
            observes_collective_leave=True, mode="online", transit_hours=24)  # fmt: skip
        put("outage", id="o1", office_code="040300", started_at=at, ended_at=at, cause="down",
            source="manual", recorded_by="k")  # fmt: skip
        papers = {  # request: (its number from the series, its paper approval's number)
            "fits": ("000007", "123"),
            "taken": ("000008", "000005"),  # online PLP 000005 of 2026 has it
            "a-letter": ("000009", "KEP-9/2026"),
        }
        for rid, (number, on_paper) in papers.items():
            put("plp_request", **_stored_request(rid, number) | {"channel": "manual",
                "data_type": "2", "status": "APPROVED", "approved": True})  # fmt: skip
            put("manual_plp", id=f"m-{rid}", outage_id="o1", office_code="040300",
                letter_number=f"L-{rid}", letter_date=date(2026, 11, 24), received_at=at,
                applicant_tps="TPKA", origin_tps="TPKA", origin_gudang="TPKA",
                destination_tps="CFSB", destination_gudang="CFB1", reason="NO_LCL_SPACE",
                bc11_number="001234", bc11_date=date(2026, 11, 20), applicant_name="A",
                lines={"containers": [], "packages": []}, recorded_by="k", recorded_at=at,
                request_id=rid, entered_at=at, entered_by="k",
                decision={"approved": True, "decided_at": at.isoformat(), "reason": None,
                          "letter_number": on_paper, "letter_date": "2026-11-24",
                          "recorded_by": "k"})  # fmt: skip
        put("plp_request", **_stored_request("online", "000005") | {"approved": True})

    migrate.upgrade(empty_engine, "0016_paper_plp_numbers")

    with empty_engine.connect() as conn:
        rows = conn.execute(text("SELECT id, plp_number, plp_year FROM plp_request")).all()
    assert sorted(tuple(r) for r in rows) == [
        ("a-letter", "000009", 2026),  # not a PLP number: keeps the one it was given
        ("fits", "000123", 2026),
        ("online", "000005", 2026),
        ("taken", "000008", 2026),  # its paper number is another PLP's: unchanged
    ]


def test_l1_stored_cancellations_move_to_their_table_as_approved(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0015_seal_chain")
    with empty_engine.begin() as conn:
        put = _inserter(conn)
        for rid, approved, ref in (("after", True, "BATAL-1"), ("before", None, "BATAL-1")):
            cancellation = {
                "by": "tpka", "at": "2026-11-25T03:00:00+00:00", "reason": "cleared",
                "number": "00000" + ("1" if approved else "2"), "date": "2026-11-25",
                "ref_number": ref, "letter_number": None, "letter_date": None,
            }  # fmt: skip
            put(
                "plp_request",
                **_request_row(rid, "CANCELLED", approved) | {"submitted_at": _at(rid)},
                cancellation=cancellation,
                cancellation_number=cancellation["number"],
                cancellation_date=date(2026, 11, 25),
            )
            put("plp_line", request_id=rid, line_no=1, kind="container", line_key=f"C:{rid}",
                active=False, approved=approved, cancelled=True)  # fmt: skip

    migrate.upgrade(empty_engine)
    with Session(empty_engine) as session:
        repo = SqlPlpRequestRepository(session)
        after, before = repo.get("after", for_update=False), repo.get("before", for_update=False)

    assert after is not None and before is not None
    moved = [(r.cancellations[0], r.cancellations[0].to_destination) for r in (after, before)]
    assert [(c.number, c.state.value, c.line_nos, c.decided_by, told) for c, told in moved] == [
        ("000001", "APPROVED", (1,), "tpka", True),
        ("000002", "APPROVED", (1,), "tpka", False),
    ]
    assert [c.ref_number for c, _ in moved] == ["BATAL-1", None]  # reused: kept on the first
    migrate.downgrade(empty_engine, "0015_seal_chain")
    with empty_engine.connect() as conn:
        back = conn.execute(
            text("SELECT id, cancellation_number FROM plp_request ORDER BY id")
        ).all()
    assert [tuple(r) for r in back] == [("after", "000001"), ("before", "000002")]


def _at(rid: str) -> datetime:
    return datetime(2026, 11, 24, 2 if rid == "after" else 3, 0, tzinfo=UTC)


def test_delivery_stored_responses_are_numbered_in_the_order_polls_read_them(
    empty_engine: Engine,
) -> None:
    """Issue 16.7: migration 0022 queues what is owed by the time it was made; what was
    delivered stays delivered, and numbers given later follow the ones it gave."""
    migrate.upgrade(empty_engine, "0019_cancellation_decisions")
    hour = {h: datetime(2026, 11, 24, h, 0, tzinfo=UTC) for h in (1, 2, 3)}
    with empty_engine.begin() as conn:
        put = _inserter(conn)
        for rid, status, approved, decided in (
            ("late", "APPROVED", True, hour[3]),
            ("early", "REJECTED", False, hour[2]),
            ("refused", "REJECTED", None, None),  # on arrival: stamped when submitted
        ):
            row = _request_row(rid, status, approved) | {"decided_at": decided}
            put("plp_request", **row | {"submitted_at": hour[1]})
        put("response_delivery", tps_code="TPKA", kind="plp", request_id="early", item="",
            delivered_at=hour[3])  # fmt: skip

    migrate.upgrade(empty_engine, "0022_delivery_sequence")
    with empty_engine.connect() as conn:
        queued = conn.execute(
            text("SELECT seq, request_id, kind, delivered_at IS NOT NULL FROM response_queue")
        ).all()
    assert sorted(tuple(r) for r in queued) == [
        (1, "refused", "plp", False),
        (2, "early", "plp", True),
        (3, "late", "plp", False),
        (4, "late", "plp_tujuan", False),
    ]
    with Session(empty_engine) as session:
        feed = SqlResponseFeed(session)
        polled = feed.take_undelivered("TPKA", ResponseKind.DECISION, hour[3], 10)
        session.execute(
            text("INSERT INTO response_queue (tps_code, kind, request_id, item) "
                 "VALUES ('CFSB', 'plp', 'late', '')")
        )  # fmt: skip
        next_seq = session.execute(text("SELECT max(seq) FROM response_queue")).scalar()
        session.commit()
    assert [r.id for r in polled] == ["refused", "late"]
    assert next_seq == 5
    migrate.downgrade(empty_engine, "0019_cancellation_decisions")
    with empty_engine.connect() as conn:
        back = conn.execute(text("SELECT request_id FROM response_delivery")).scalars()
        assert sorted(back) == ["early", "late", "refused"]
