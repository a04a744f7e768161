"""Settings: the only reader of environment variables (prefix PLP_)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Mode = Literal["demo", "test", "production"]
AutoOfficer = Literal["off", "approve", "rules"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLP_", env_file=".env", extra="ignore")

    mode: Mode = Field("demo", description="demo: demo data and accounts; production: neither")
    database_url: str = Field("sqlite:///plp-online.db", description="SQLite file or PostgreSQL")
    jwt_secret: str | None = Field(None, description="required in production")
    token_minutes: int = Field(30, ge=1, le=24 * 60)
    office_timezone: str = Field("Asia/Jakarta", description="zone for times sent without one")
    public_url: str | None = Field(None, description="base URL put in the WSDL, if not derived")
    run_scheduler: bool = Field(True, description="start the jobs inside `plp-online serve`")
    max_body_bytes: int = Field(5 * 1024 * 1024, ge=1024)
    db_pool_size: int = Field(10, ge=1)
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
    forwarded_allow_ips: str = Field(
        "127.0.0.1", description="proxies whose X-Forwarded-For/-Proto are trusted; comma list"
    )
    login_max_failures: int = Field(10, ge=1, description="failed logins per account per window")
    login_max_failures_client: int = Field(
        50, ge=1, description="failed logins per client address per window"
    )
    login_window_seconds: int = Field(900, ge=1, description="window of the login limit")
    # Issue 5: push delivery of responses and the auto-officer of simulation mode
    push_seconds: float = Field(2.0, gt=0, description="interval of the push delivery job")
    push_timeout_seconds: float = Field(10.0, gt=0, description="per callback call")
    push_workers: int = Field(8, ge=1, description="callback endpoints served at once")
    push_batch: int = Field(50, ge=1, le=1000, description="outbox rows claimed per tick")
    auto_officer: AutoOfficer = Field(
        "off", description="demo/test: policy of offices without one (off, approve, rules)"
    )
    auto_officer_seconds: float = Field(2.0, gt=0, description="interval of the auto-officer")

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    @property
    def allows_test_controls(self) -> bool:
        """Clock control and data resets exist only in demo and test mode."""
        return self.mode in ("demo", "test")

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
