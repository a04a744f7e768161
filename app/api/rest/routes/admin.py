"""Reference data and accounts (role admin)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from app.adapters import account_admin
from app.adapters.sql.repositories import refdata_document_repository as refdata_store
from app.adapters.sql.tables.reference_tables import GudangRow, TpsRow
from app.api.http import tags
from app.api.http.wiring import ServicesDep
from app.api.rest.deps import AdminDep
from app.api.rest.schemas.refdata_io import (
    AccountIn,
    AccountOut,
    DeclarationDoc,
    ManifestDoc,
    OfficeDoc,
    RefDataDoc,
    TpsDoc,
)
from app.domain.account import Account
from app.domain.errors import InvalidInputError

router = APIRouter(prefix="/api/v1/admin", tags=[tags.ADMIN])


class LoadedOut(BaseModel):
    loaded: dict[str, int]


class ApiKeyOut(BaseModel):
    username: str
    api_key: str
    note: str = "shown once: only its hash is stored"


class ActiveIn(BaseModel):
    active: bool


def _load(services: ServicesDep, doc: RefDataDoc) -> dict[str, int]:
    _check_links(services, doc)
    with services.database.session() as session:
        counts = refdata_store.load(session, doc.model_dump())
        session.commit()
    services.reference.invalidate()
    return counts


def _check_links(services: ServicesDep, doc: RefDataDoc) -> None:
    offices = {o.code for o in doc.offices} | {o.code for o in services.reference.all_offices()}
    cited = [t.office_code for t in doc.tps] + [m.office_code for m in doc.manifests]
    for code in cited + [d.office_code for d in doc.declarations]:
        if code not in offices:
            raise InvalidInputError(f"unknown office {code}", "office_code")
    _check_discharges(services, doc)


def _check_discharges(services: ServicesDep, doc: RefDataDoc) -> None:
    """E7: goods can be placed only in a gudang of a known TPS."""
    gudangs = {t.code: set(t.gudangs or [t.code]) for t in doc.tps}
    for m in doc.manifests:
        places = [m.discharged_at] + [i.discharged_at for i in m.items]
        places += [c.discharged_at for i in m.items for c in i.containers]
        for at in filter(None, places):
            known = gudangs.get(at.tps)
            if known is None and (tps := services.reference.tps(at.tps)) is not None:
                known = set(tps.gudangs)
            if known is None:
                raise InvalidInputError(f"discharged_at: unknown TPS {at.tps}", "discharged_at")
            if (at.gudang or at.tps) not in known:
                raise InvalidInputError(
                    f"discharged_at: gudang {at.gudang or at.tps} does not belong to TPS "
                    f"{at.tps} (known: {', '.join(sorted(known))})",
                    "discharged_at",
                )


@router.post(
    "/refdata", summary="Load a reference-data document (upsert)", response_model=LoadedOut
)
def load_refdata(doc: RefDataDoc, _: AdminDep, services: ServicesDep) -> LoadedOut:
    """Offices and TPS are upserted by code; a manifest or declaration replaces the one with the
    same office, number and date. The same document `plp-online refdata load FILE` reads."""
    return LoadedOut(loaded=_load(services, doc))


@router.get("/offices", summary="Customs offices", response_model=list[OfficeDoc])
def list_offices(_: AdminDep, services: ServicesDep) -> list[OfficeDoc]:
    return [
        OfficeDoc(
            code=o.code,
            name=o.name,
            timezone=o.timezone,
            calendar=o.calendar,
            observes_collective_leave=o.observes_collective_leave,
            approval_validity_hours=o.approval_validity_hours,
            transit_hours=o.transit_hours,
            manifest_head=o.manifest_head.value,
        )
        for o in services.reference.all_offices()
    ]


@router.put("/offices/{code}", summary="Create or change an office", response_model=LoadedOut)
def put_office(code: str, doc: OfficeDoc, _: AdminDep, services: ServicesDep) -> LoadedOut:
    """The whole office: a field left out takes its default. Its T1 settings,
    `approval_validity_hours` and `transit_hours`, apply to approvals given from now on;
    `manifest_head` (the Kasi/Kasubsi title) to every document printed from now on."""
    if doc.code != code:
        raise InvalidInputError("the code in the path and the body differ", "code")
    return LoadedOut(loaded=_load(services, RefDataDoc(offices=[doc])))


@router.get("/tps", summary="TPS and their gudangs", response_model=list[TpsDoc])
def list_tps(_: AdminDep, services: ServicesDep) -> list[TpsDoc]:
    with services.database.session(read_only=True) as session:
        gudangs: dict[str, list[str]] = {}
        for g in session.scalars(select(GudangRow).order_by(GudangRow.code)):
            gudangs.setdefault(g.tps_code, []).append(g.code)
        rows = list(session.scalars(select(TpsRow).order_by(TpsRow.code)))
    return [
        TpsDoc(
            code=t.code,
            name=t.name,
            office_code=t.office_code,
            kind=t.kind,
            yor_threshold=t.yor_threshold,
            sor_threshold=t.sor_threshold,
            gudangs=gudangs.get(t.code, []),
        )
        for t in rows
    ]


@router.put("/tps/{code}", summary="Create or change a TPS", response_model=LoadedOut)
def put_tps(code: str, doc: TpsDoc, _: AdminDep, services: ServicesDep) -> LoadedOut:
    if doc.code != code:
        raise InvalidInputError("the code in the path and the body differ", "code")
    return LoadedOut(loaded=_load(services, RefDataDoc(tps=[doc])))


@router.post("/manifests", summary="Load or replace a BC 1.1 manifest", response_model=LoadedOut)
def put_manifest(doc: ManifestDoc, _: AdminDep, services: ServicesDep) -> LoadedOut:
    return LoadedOut(loaded=_load(services, RefDataDoc(manifests=[doc])))


@router.post(
    "/declarations",
    summary="Record an import declaration and its release (E2, E3)",
    response_model=LoadedOut,
)
def put_declaration(doc: DeclarationDoc, _: AdminDep, services: ServicesDep) -> LoadedOut:
    return LoadedOut(loaded=_load(services, RefDataDoc(declarations=[doc])))


@router.get("/accounts", summary="Accounts", response_model=list[AccountOut])
def list_accounts(_: AdminDep, services: ServicesDep) -> list[AccountOut]:
    return [_account_out(a) for a in account_admin.list_accounts(services.database)]


@router.post("/accounts", status_code=201, summary="Create an account", response_model=AccountOut)
def create_account(body: AccountIn, _: AdminDep, services: ServicesDep) -> AccountOut:
    account = account_admin.create_account(
        services.database,
        body.username,
        body.password,
        body.role,
        full_name=body.full_name,
        tps_code=body.tps_code,
        office_code=body.office_code,
        supervised_tps=frozenset(body.supervised_tps),
    )
    return _account_out(account)


@router.post(
    "/accounts/{username}/api-key",
    summary="Issue a new API key (TPS systems)",
    response_model=ApiKeyOut,
)
def issue_api_key(username: str, _: AdminDep, services: ServicesDep) -> ApiKeyOut:
    return ApiKeyOut(
        username=username, api_key=account_admin.issue_api_key(services.database, username)
    )


@router.put("/accounts/{username}/active", summary="Enable or disable an account", status_code=204)
def set_active(username: str, body: ActiveIn, _: AdminDep, services: ServicesDep) -> None:
    account_admin.set_active(services.database, username, body.active)
    services.credentials.forget(username)


def _account_out(a: Account) -> AccountOut:
    return AccountOut(
        username=a.username,
        role=a.role.value,
        full_name=a.full_name,
        tps_code=a.tps_code,
        office_code=a.office_code,
        supervised_tps=sorted(a.supervised_tps),
        active=a.active,
        has_api_key=a.has_api_key,
    )
