"""The legacy TPS Online SOAP service at /tps/service.asmx (issue 3): the WSDL, with the
address the client reached us on, and the calls, answered by the SOAP adapter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import Scope

from app.api.http import tags
from app.api.http.observability import client_address
from app.api.http.wiring import Services, ServicesDep
from app.api.soap import gateway, wsdl
from app.api.soap.context import SoapContext
from app.api.soap.errors import SoapFaultError
from app.domain.actor import Actor, Channel
from app.domain.errors import TooManyLoginsError
from app.domain.services.authentication import PasswordCredentials

PATH = "/tps/service.asmx"
router = APIRouter(tags=[tags.LEGACY])
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def too_large(scope: Scope, limit: int) -> Response:
    """The app's body limit (api/http/body_limit.py) answers a declared oversize with a Fault."""
    reply = gateway.fault_reply(Headers(scope=scope).get("content-type"), _too_large(limit), 413)
    return Response(reply.body, reply.status, headers={"Content-Type": reply.content_type})


async def soap_body(request: Request, services: ServicesDep) -> bytes | None:
    """The raw body, or None once it passes the limit: read no further (bounded memory)."""
    limit = services.settings.max_body_bytes
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    except HTTPException as exc:  # the app's limit cut a streamed body off
        if exc.status_code == 413:
            return None
        raise
    return b"".join(chunks)


@router.post(PATH, summary="SOAP 1.1 and 1.2 calls")
def call(
    request: Request, body: Annotated[bytes | None, Depends(soap_body)], services: ServicesDep
) -> Response:
    """Dispatch on the body element's name; see the WSDL for the operations."""
    content_type = request.headers.get("content-type")
    if body is None:
        reply = gateway.fault_reply(content_type, _too_large(services.settings.max_body_bytes), 413)
    else:
        reply = gateway.handle(body, content_type, _context(request, services))
    headers = {"Content-Type": reply.content_type}
    if reply.retry_after:
        headers["Retry-After"] = str(reply.retry_after)
    return Response(reply.body, reply.status, headers=headers)


@router.get(PATH, summary="The WSDL (?WSDL or ?wsdl)", response_class=Response)
def describe(request: Request, services: ServicesDep) -> Response:
    """The WSDL whose soap:address is the URL this request reached (PHP SoapClient posts
    there); without ?WSDL, a short page pointing to it."""
    if any(key.lower() == "wsdl" for key in request.query_params):
        text = wsdl.served(location(request.headers, request.url.scheme, services))
        return Response(text, headers={"Content-Type": "text/xml; charset=utf-8"})
    names = "".join(f"<li>{name}</li>" for name in wsdl.operations())
    return HTMLResponse(
        f"<html><body><h1>TPSServices</h1><p><a href='?WSDL'>Service description</a>"
        f"</p><ul>{names}</ul></body></html>"
    )


def location(headers: Headers, scheme: str, services: Services) -> str:
    """settings.public_url, else Forwarded / X-Forwarded-* (set by a proxy), else Host."""
    if services.settings.public_url:
        return services.settings.public_url.rstrip("/") + PATH
    forwarded = _forwarded(headers.get("forwarded", ""))
    proto = forwarded.get("proto") or _first(headers.get("x-forwarded-proto")) or scheme
    host = forwarded.get("host") or _first(headers.get("x-forwarded-host"))
    host = host or headers.get("host", "")
    if proto not in ("http", "https") or not _HOST.match(host):  # never echo junk into XML
        proto, host = scheme, "localhost"
    prefix = _first(headers.get("x-forwarded-prefix")).rstrip("/")
    prefix = prefix if re.fullmatch(r"(/[\w.\-~]+)*", prefix) else ""
    return f"{proto}://{host}{prefix}{PATH}"


def _too_large(limit: int) -> str:
    return f"the request is larger than the limit of {limit} bytes; nothing was stored"


def _first(value: str | None) -> str:
    return (value or "").split(",")[0].strip()


def _forwarded(value: str) -> dict[str, str]:
    """RFC 7239: the first (client-side) element's parameters."""
    pairs = (part.partition("=") for part in _first(value).split(";"))
    return {k.strip().lower(): v.strip().strip('"') for k, _, v in pairs if v}


def _context(request: Request, services: Services) -> SoapContext:
    """Built once per app: the ports the SOAP operations use."""
    context: SoapContext | None = getattr(request.app.state, "soap_context", None)
    if context is None:
        context = SoapContext(
            authenticate=authenticator(services),
            passwords=services.passwords,
            uow=services.uow,
            submission=services.submission_context(),
        )
        request.app.state.soap_context = context
    return context


@dataclass(frozen=True)
class _Remembered:
    actor: Actor
    version: int  # the account's credential version when the pair was verified


def authenticator(services: Services) -> Callable[[str, str], Actor]:
    """Legacy clients send username and password on every call: a verified pair is remembered
    (services.credentials), so argon2 is paid once per pair and TTL, not per request, for as
    long as the account's credentials stay as they were (a deactivation, a new password or a
    new API key is seen on every instance within a second). Other pairs go through the
    authentication use case and its login limit; over the limit, a Fault with HTTP 429."""

    def authenticate(username: str, password: str) -> Actor:
        known = services.credentials.get(username, password)
        if isinstance(known, _Remembered):
            if services.accounts.credential_version(username, seen=known.version) == known.version:
                return known.actor
            services.credentials.forget(username)
        credentials = PasswordCredentials(username, password, Channel.SOAP, client_address())
        try:
            account = services.login(credentials)
        except TooManyLoginsError as exc:
            raise SoapFaultError(
                "Terlalu banyak login gagal; coba lagi setelah "
                f"{exc.seconds} detik (too many failed logins: retry after {exc.seconds} s)",
                status=429,
                retry_after=exc.seconds,
            ) from exc
        actor = account.actor().via(Channel.SOAP)
        services.credentials.put(username, password, _Remembered(actor, account.credential_version))
        return actor

    return authenticate
