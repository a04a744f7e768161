"""Who is calling: the one check of a password or an API key, for every channel (REST,
legacy SOAP, H2H), with the login limit on passwords."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.account import Account
from app.domain.actor import Channel
from app.domain.errors import AuthenticationError
from app.domain.login_limit import LoginLimit
from app.domain.ports.accounts import Accounts, CredentialHashes


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
            raise AuthenticationError("the API key is not valid")
        return account
    username, client = credentials.username, credentials.client
    limit.check(username, client)
    account = accounts.by_username(username) if username else None
    stored = account.password_hash if account else None
    valid = hashes.password_matches(stored, credentials.password)
    if account is None or not account.active or not valid:
        limit.failed(username, client)
        raise AuthenticationError("wrong username or password")
    limit.succeeded(username)
    return account


def active_account(username: str, accounts: Accounts) -> Account:
    """The account a still-valid token names, if it may still act (H2H token refresh)."""
    account = accounts.by_username(username) if username else None
    if account is None or not account.active:
        raise AuthenticationError("the account is not active")
    return account
