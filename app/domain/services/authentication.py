"""Who is calling: the one check of a password or an API key, for every channel (REST,
legacy SOAP, H2H), with the login limit on passwords."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.account import Account
from app.domain.actor import Channel
from app.domain.errors import AuthenticationError
from app.domain.login_limit import LoginLimit
from app.domain.messages import msg
from app.domain.ports.accounts import Accounts, CredentialHashes, RefreshFamilies


@dataclass(frozen=True)
class PasswordCredentials:
    username: str
    password: str
    channel: Channel
    client: str | None = None  # the caller's address, for the login limit


@dataclass(frozen=True)
class ApiKeyCredentials:
    key: str
    channel: Channel


Credentials = PasswordCredentials | ApiKeyCredentials


def authenticate(
    credentials: Credentials, accounts: Accounts, hashes: CredentialHashes, limit: LoginLimit
) -> Account:
    """The one check of a password or an API key: the active account it opens, else
    AuthenticationError; TooManyLoginsError while the limit refuses a password login."""
    if isinstance(credentials, ApiKeyCredentials):
        account = accounts.by_api_key_digest(hashes.api_key_digest(credentials.key))
        if account is None or not account.active:
            raise AuthenticationError(
                msg("problems.auth.api_key_not_valid", "the API key is not valid")
            )
        return account
    username = credentials.username
    attempt = limit.begin(username, credentials.client)
    account = accounts.by_username(username) if username else None
    stored = account.password_hash if account else None
    valid = hashes.password_matches(stored, credentials.password)
    if account is None or not account.active or not valid:
        limit.failed(attempt)
        raise AuthenticationError(msg("problems.auth.wrong_password", "wrong username or password"))
    limit.succeeded(attempt)
    return account


def resume_session(username: str, version: int, accounts: Accounts) -> None:
    """A session (a token, a remembered SOAP login) goes on only while its account is active
    and its credentials are those it began with: deactivation, a new password or a new API
    key end it on every instance."""
    if accounts.credential_version(username, seen=version) != version:
        raise AuthenticationError(
            msg(
                "problems.auth.session_ended",
                "the session has ended (the account changed): log in again",
            )
        )


def refresh_session(
    session: RefreshedSession, accounts: Accounts, families: RefreshFamilies
) -> Account:
    """An H2H refresh token is used once: the newest of its family rotates to a new one; an
    older one presented again means it was stolen or replayed, and the family ends."""
    if not families.rotate(session.family, session.jti, session.new_jti, session.expires_at):
        families.revoke(session.family)
        raise AuthenticationError("the refresh token is not valid")
    resume_session(session.username, session.version, accounts)
    account = accounts.by_username(session.username)
    if account is None:
        raise AuthenticationError("the account is not active")
    return account


@dataclass(frozen=True)
class RefreshedSession:
    """What a refresh token says, and the token that replaces it."""

    username: str
    version: int
    family: str
    jti: str
    new_jti: str
    expires_at: datetime
