"""Push delivery (issue 5): TPS accounts register callback URLs per event type; an admin sees
the outbox and redelivers dead events. How deliveries are signed: app/adapters/http/push_sender.
Which URLs are accepted (never inward, no credentials): app/domain/callback_address; a TPS reads
its deliveries' errors as "refused", "failed" or an HTTP status class, an admin in full."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from app.adapters.sql.repositories.subscription_repository import (
    DeliveryRecord,
    SqlDeliveryAdmin,
    SqlPushSubscriptions,
)
from app.api.http.wiring import ServicesDep
from app.api.rest.deps import ActorDep, AdminDep
from app.api.rest.times import OfficeTime
from app.domain.actor import Actor, Role
from app.domain.callback_address import CallbackPolicy
from app.domain.errors import ForbiddenError, InvalidInputError, NotFoundError
from app.domain.push import DeliveryStatus, PushEventType, tps_error

TAG = "push callbacks"
router = APIRouter(prefix="/api/v1", tags=[TAG])
SIGNING = (
    "Each delivery is a JSON POST with headers `X-PLP-Event-Id` (the same on every retry: "
    "de-duplicate on it), `X-PLP-Event-Type`, `X-PLP-Timestamp` (Unix seconds) and "
    "`X-PLP-Signature: v1=<hex HMAC-SHA256 of '<timestamp>.<raw body>' with your secret>`. "
    "Answer 2xx; anything else is retried with exponential backoff for 24 hours. "
    "The URL must reach a public host (no loopback, private, link-local or metadata "
    "address, by name or number) and carry no credentials; https in production."
)


async def tps_actor(actor: ActorDep) -> Actor:
    if actor.role is not Role.TPS_OPERATOR or not actor.tps_code:
        raise ForbiddenError("only a TPS operator account registers callbacks")
    return actor


TpsDep = Annotated[Actor, Depends(tps_actor)]


class CallbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl = Field(examples=["https://tps.example.id/plp/callbacks"])


class CallbackOut(BaseModel):
    event_type: str
    url: str
    created_at: OfficeTime
    secret: str | None = Field(
        None, description="your signing secret: only in the answer that created it"
    )


class SecretOut(BaseModel):
    secret: str
    created_at: OfficeTime
    note: str = "shown once: deliveries are signed with it from now on"


class DeliveryOut(BaseModel):
    id: int
    event_id: str
    event_type: str
    tps_code: str
    username: str
    url: str
    request_id: str | None
    status: str
    attempts: int
    created_at: OfficeTime
    next_attempt_at: OfficeTime
    expires_at: OfficeTime
    delivered_at: OfficeTime | None
    last_status: int | None
    last_error: str | None

    @classmethod
    def of(cls, d: DeliveryRecord) -> DeliveryOut:
        """As an admin reads it: the whole error."""
        return cls(**d.__dict__)

    @classmethod
    def for_tps(cls, d: DeliveryRecord) -> DeliveryOut:
        """As its TPS reads it: "refused", "failed" or the HTTP status class, nothing the
        remote or the HTTP client said."""
        return cls(**d.__dict__ | {"last_error": tps_error(d.last_status, d.last_error)})


@router.put("/callbacks/{event_type}", summary="Register a callback URL", description=SIGNING)
def put_callback(
    event_type: PushEventType, body: CallbackIn, actor: TpsDep, services: ServicesDep
) -> CallbackOut:
    """**Role** `tps_operator`. Replaces the URL of that event type; the first registration
    of the account answers its signing secret, once. 422 when the URL reaches inward
    (loopback, private, link-local, multicast, reserved, cloud metadata), carries
    credentials, or is not https in production."""
    settings = services.settings
    policy = CallbackPolicy.for_mode(settings.mode, tuple(settings.callback_allowed_networks))
    refusal = policy.url_refusal(str(body.url))
    if refusal is not None:
        raise InvalidInputError(refusal, field="url")
    now, tps = services.clock.now(), actor.tps_code or ""
    with services.database.session() as session:
        store = SqlPushSubscriptions(session)
        secret = store.ensure_secret(actor.username, tps, now)
        store.put(actor.username, tps, event_type.value, str(body.url), now)
        session.commit()
    return CallbackOut(
        event_type=event_type.value, url=str(body.url), created_at=now, secret=secret
    )


@router.get("/callbacks", summary="Your callbacks")
def list_callbacks(actor: TpsDep, services: ServicesDep) -> dict[str, Any]:
    with services.database.session(read_only=True) as session:
        store = SqlPushSubscriptions(session)
        subs, since = store.of(actor.username), store.secret_created_at(actor.username)
    return {
        "callbacks": [CallbackOut(**s.__dict__) for s in subs],
        "secret_created_at": since,
        "signing": SIGNING,
    }


@router.delete("/callbacks/{event_type}", status_code=204, summary="Remove a callback")
def delete_callback(event_type: PushEventType, actor: TpsDep, services: ServicesDep) -> Response:
    with services.database.session() as session:
        removed = SqlPushSubscriptions(session).remove(actor.username, event_type.value)
        session.commit()
    if not removed:
        raise NotFoundError(f"no callback for {event_type.value}")
    return Response(status_code=204)


@router.post("/callbacks/secret", summary="Rotate your signing secret")
def rotate_secret(actor: TpsDep, services: ServicesDep) -> SecretOut:
    """**Role** `tps_operator`. Pending deliveries are signed with the new secret."""
    now = services.clock.now()
    with services.database.session() as session:
        secret = SqlPushSubscriptions(session).rotate(actor.username, actor.tps_code or "", now)
        session.commit()
    return SecretOut(secret=secret, created_at=now)


@router.get("/callbacks/deliveries", summary="Deliveries to your callbacks, newest first")
def own_deliveries(
    actor: TpsDep,
    services: ServicesDep,
    status: DeliveryStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeliveryOut]:
    with services.database.session(read_only=True) as session:
        found = SqlDeliveryAdmin(session).list(status, None, actor.username, limit)
    return [DeliveryOut.for_tps(d) for d in found]


@router.get("/admin/push-deliveries", summary="The push outbox (admin)")
def list_deliveries(
    _: AdminDep,
    services: ServicesDep,
    status: DeliveryStatus | None = None,
    tps_code: Annotated[str | None, Query(max_length=4)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeliveryOut]:
    """**Role** `admin`. `status=dead`: deliveries that failed for 24 hours."""
    with services.database.session(read_only=True) as session:
        found = SqlDeliveryAdmin(session).list(status, tps_code, None, limit)
    return [DeliveryOut.of(d) for d in found]


@router.post("/admin/push-deliveries/{delivery_id}/redeliver", summary="Send again (admin)")
def redeliver(
    delivery_id: Annotated[int, Path(ge=1, le=2_147_483_647)], _: AdminDep, services: ServicesDep
) -> DeliveryOut:
    """**Role** `admin`. Due at once, with the same event id, and 24 more hours of retries."""
    with services.database.session() as session:
        admin = SqlDeliveryAdmin(session)
        if not admin.redeliver(delivery_id, services.clock.now()):
            raise NotFoundError(f"push delivery {delivery_id} not found")
        session.commit()
        found = admin.get(delivery_id)
    assert found is not None
    return DeliveryOut.of(found)
