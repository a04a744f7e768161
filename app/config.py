"""Settings: the only reader of environment variables (prefix PLP_)."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Mode = Literal["demo", "test", "production"]
AutoOfficer = Literal["off", "approve", "rules"]


class Settings(BaseSettings):
    # hide_input_in_errors: a refused setting is named, but no value (secrets) printed
    model_config = SettingsConfigDict(
        env_prefix="PLP_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    mode: Mode = Field("demo", description="demo: demo data and accounts; production: neither")
    database_url: str = Field("sqlite:///plp-online.db", description="SQLite file or PostgreSQL")
    jwt_secret: str | None = Field(None, description="required in production")
    token_minutes: int = Field(30, ge=1, le=24 * 60)
    office_timezone: str = Field("Asia/Jakarta", description="zone for times sent without one")
    public_url: str | None = Field(None, description="base URL put in the WSDL, if not derived")
    run_scheduler: bool = Field(True, description="start the jobs inside `plp-online serve`")
    max_body_bytes: int = Field(5 * 1024 * 1024, ge=1024)
    db_pool_size: int = Field(10, ge=1)
    answer_cache_mib: int = Field(
        16, ge=0, description="per process: hot read answers kept until a commit; 0: none"
    )
    log_level: str = "INFO"
    # Issue 4: jobs, the health monitor (F1) and H1 attachments
    watchdog_seconds: int = Field(60, ge=1, description="F1 watchdog and R4 deadline watch")
    health_urls: dict[str, str] = Field(
        default_factory=dict, description='JSON {"name": "https://host/health"} the monitor probes'
    )
    health_offices: list[str] = Field(
        default_factory=list, description="offices a failed dependency takes down; empty: all"
    )
    health_check_database: bool = Field(True, description="the monitor probes the database too")
    health_seconds: int = Field(60, ge=1, description="interval between health probes")
    health_failures: int = Field(3, ge=1, description="consecutive failures that open an outage")
    health_timeout_seconds: float = Field(5.0, gt=0)
    h1_max_attachment_bytes: int = Field(1024 * 1024, ge=1024, description="per H1 attachment")
    # Issue 8: logs, proxies and the login limit
    log_format: Literal["json", "text"] = Field("json", description="json: one object a line")
    forwarded_allow_ips: str | None = Field(
        None,
        description="proxies whose X-Forwarded-For/-Proto are trusted, comma list; default: "
        "127.0.0.1, and none in production mode",
    )
    login_max_failures: int = Field(
        10, ge=1, description="failed logins of one account from one address per window"
    )
    login_max_failures_client: int = Field(
        50, ge=1, description="failed logins per client address per window"
    )
    login_window_seconds: int = Field(900, ge=1, description="window of the login limit")
    login_free_failures: int = Field(
        5, ge=0, description="failures of an account from an address before delays start"
    )
    login_first_delay_seconds: float = Field(
        1.0, ge=0, description="the first delay; each further failure doubles it"
    )
    # Issue 5: push delivery of responses and the auto-officer of simulation mode
    push_seconds: float = Field(2.0, gt=0, description="interval of the push delivery job")
    push_timeout_seconds: float = Field(10.0, gt=0, description="per callback call")
    push_workers: int = Field(8, ge=1, description="callback endpoints served at once")
    push_batch: int = Field(50, ge=1, le=1000, description="outbox rows claimed per tick")
    callback_allowed_networks: Annotated[list[IPv4Network | IPv6Network], NoDecode] = Field(
        default_factory=list,
        description="CIDRs callbacks may reach though not public (10.0.0.0/8,...); comma list",
    )
    auto_officer: AutoOfficer = Field(
        "off", description="demo/test: policy of offices without one (off, approve, rules)"
    )
    auto_officer_seconds: float = Field(2.0, gt=0, description="interval of the auto-officer")
    # Issue 13: the first admin account (docker-compose.yml), created at start if no admin exists
    admin_username: str | None = Field(
        None,
        pattern=r"^[a-zA-Z0-9_.-]{3,64}$",
        description="the first admin account, created at start when the database has no admin",
    )
    admin_password: SecretStr | None = Field(None, description="its password (or the file:)")
    admin_password_file: Path | None = Field(
        None, description="a file holding its password, such as a Docker secret"
    )

    @field_validator("callback_allowed_networks", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        """A comma list (the environment) or a list; a CIDR with host bits set is refused."""
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list | tuple):
            return [ip_network(v) if isinstance(v, str) else v for v in value]
        return value

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    @property
    def trusted_proxies(self) -> str:
        """Behind no configured proxy, a production instance trusts none (X-Forwarded-For
        would let anyone pick the address the login limit counts)."""
        if self.forwarded_allow_ips is not None:
            return self.forwarded_allow_ips
        return "" if self.mode == "production" else "127.0.0.1"

    def sqlite_file(self) -> Path | None:
        """The file a SQLite database URL names, resolved against the working directory (a
        relative one is where the command runs: issue 16); None for PostgreSQL or in memory."""
        scheme, _, rest = self.database_url.partition("://")
        if not scheme.startswith("sqlite"):
            return None
        path = rest[1:] if rest.startswith("/") else rest  # sqlite:///x.db: "x.db"
        path = path.removeprefix("file:").split("?", 1)[0]
        if path in ("", ":memory:") or path.startswith("mode=memory"):
            return None
        return Path(path).resolve()

    @property
    def allows_test_controls(self) -> bool:
        """Clock control and data resets exist only in demo and test mode."""
        return self.mode in ("demo", "test")

    def first_admin(self) -> tuple[str, str] | None:
        """The first admin's name and password (PLP_ADMIN_*; the file is read now), or None."""
        if self.admin_username is None:
            return None
        if self.admin_password is not None:
            password = self.admin_password.get_secret_value()
        else:
            assert self.admin_password_file is not None  # _first_admin_complete
            try:
                text = self.admin_password_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ValueError(f"PLP_ADMIN_PASSWORD_FILE cannot be read: {exc}") from None
            password = text.rstrip("\r\n")  # the line end of a file, not the password's
        if not 8 <= len(password) <= 200:
            raise ValueError(
                "the first admin's password (PLP_ADMIN_PASSWORD*) needs 8-200 characters"
            )
        return self.admin_username, password

    @model_validator(mode="after")
    def _first_admin_complete(self) -> Settings:
        has_password = (self.admin_password is not None) + (self.admin_password_file is not None)
        if self.admin_username is not None and has_password != 1:
            raise ValueError(
                "PLP_ADMIN_USERNAME needs one of PLP_ADMIN_PASSWORD or PLP_ADMIN_PASSWORD_FILE"
            )
        if self.admin_username is None and has_password:
            raise ValueError("PLP_ADMIN_PASSWORD(_FILE) is set without PLP_ADMIN_USERNAME")
        return self

    @model_validator(mode="after")
    def _production_needs_secret(self) -> Settings:
        if self.mode == "production" and not self.jwt_secret:
            raise ValueError("PLP_JWT_SECRET is required when PLP_MODE=production")
        if self.mode == "production" and self.auto_officer != "off":
            raise ValueError("PLP_AUTO_OFFICER (simulation) exists only in demo and test mode")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
