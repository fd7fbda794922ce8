"""Settings from the environment (prefix RECTIFY_); built once and passed in, never a global."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///data/rectify.sqlite3"


class Settings(BaseSettings):
    """Every knob of the service; README's "Configuration" lists them."""

    model_config = SettingsConfigDict(env_prefix="RECTIFY_", extra="ignore")

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="sqlite:///<file> (default, relative to the working directory) "
        "or postgresql://user:password@host:port/dbname",
    )
    pool_size: int = Field(5, ge=1, le=100, description="PostgreSQL connections kept open")
    pool_max_overflow: int = Field(10, ge=0, le=100, description="extra connections under load")
    connect_timeout: int = Field(5, ge=1, le=300, description="seconds to wait for a connection")
    lock_timeout: int = Field(5, ge=0, le=300, description="seconds a write waits for the log lock")
    calendar_file: Path | None = Field(
        None, description="extra years of the official holiday calendar (JSON), see docs"
    )
    rules_file: Path | None = Field(
        None,
        description="the district's rules (TOML: phase limits, lights, acceptance, backdating, "
        "activity schedules); default: Beibei's, shipped with the service",
    )
    max_body_bytes: int = Field(1_000_000, ge=1_000, description="larger request bodies get 413")
    max_file_bytes: int = Field(
        20_000_000, ge=1_000, le=200_000_000, description="largest evidence file (POST /files)"
    )
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description="HTTP worker processes of `rectify serve`; the projections and the notifier "
        "still run in one of them at a time (each holds a lock)",
    )
    run_projections: bool = Field(
        True, description="follow the log in the service process (false: a separate worker)"
    )
    projection_batch_size: int = Field(
        500, ge=1, le=10_000, description="events a projection applies per transaction"
    )
    rebuild_flush_events: int = Field(
        100_000,
        ge=1,
        le=10_000_000,
        description="events a rebuild holds in memory between writes (a crash resumes there)",
    )
    list_wait_seconds: float = Field(
        3.0, ge=0, le=30, description="how long a list read waits for its min_position"
    )
    app_role: str | None = Field(
        None,
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="PostgreSQL role the service runs as; `rectify init` run as the schema owner "
        "grants it only SELECT and INSERT on the event log",
    )
    run_notifier: bool = Field(
        True, description="make and deliver notifications in the service process (false: none)"
    )
    prepare_ended_periods: bool = Field(
        True,
        description="replay the log up to the last ended month's and quarter's end in the "
        "background within a minute of it (at start-up if no copy is kept), before anyone asks "
        "for their bulletins or files",
    )
    public_url: str = Field(
        "http://localhost:8000",
        pattern=r"^https?://[^\s]+$",
        description="the workbench's address, for links in e-mails and group messages",
    )
    smtp_host: str | None = Field(None, description="SMTP server for e-mail (unset: no e-mail)")
    smtp_port: int = Field(25, ge=1, le=65535, description="SMTP port")
    smtp_tls: str = Field("none", pattern=r"^(none|starttls|ssl)$", description="none/starttls/ssl")
    smtp_user: str = Field("", description="SMTP user name (empty: no login)")
    smtp_password: str = Field("", description="SMTP password")
    smtp_from: str = Field("rectify@localhost", description="the From address of e-mails")
    webhooks_file: Path | None = Field(
        None, description="企业微信/钉钉 group robots (TOML: name, channel, url, secret, unit)"
    )
    notify_max_attempts: int = Field(8, ge=1, le=50, description="tries before a delivery fails")
    notify_backoff_seconds: float = Field(
        60.0, ge=0, le=86_400, description="pause after a failed try, doubled at each next one"
    )
    reminder_time: str = Field(
        "08:30",
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="China time from which a working day's reminders and digests go out",
    )
    clock_start: datetime | None = Field(
        None,
        description="a training or rehearsal copy only: the service's clock starts at this "
        "instant (with a time zone) and runs on from it; unset in production",
    )
    session_idle_minutes: int = Field(
        30,
        ge=5,
        le=600,
        description="a workbench session ends after this many minutes without a request "
        "(and 10 hours after sign-in at the latest)",
    )
    secure_cookies: bool = Field(
        False, description="mark the workbench's cookies Secure (set true behind HTTPS)"
    )
    log_json: bool = Field(True, description="JSON log lines (false: coloured console)")
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR")

    @field_validator("clock_start")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a time zone, e.g. 2026-10-09T09:00:00+08:00")
        return value
