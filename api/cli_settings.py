"""What every `rectify` command starts with: the settings, with the district's files checked
first (a bad one stops the command, naming its line), and the service's parts opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from pydantic import ValidationError

from infrastructure.calendar import CalendarFileError, ChinaWorkingCalendar
from infrastructure.database_url import DatabaseUrlError, parse_database_url
from infrastructure.event_log import configure_logging
from infrastructure.notifications.webhooks_file import WebhooksFileError, read_webhooks
from infrastructure.rules_file import RulesFileError, read_rules
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings


def checked_settings() -> Settings:
    """The settings, with the district's rules file read and checked first: a bad setting or
    file stops the command here, naming it (and the rules file's line), before anything
    starts."""
    try:
        settings = Settings()
        parse_database_url(settings.database_url)
        ChinaWorkingCalendar.from_file(settings.calendar_file)
    except ValidationError as error:
        named = "; ".join(f"RECTIFY_{_name(e['loc'])}: {e['msg']}" for e in error.errors())
        _stop("设置有误，服务未启动 (a setting is refused)", named)
    except (DatabaseUrlError, CalendarFileError) as error:
        _stop("设置有误，服务未启动 (a setting is refused)", str(error))
    try:
        read_rules(settings.rules_file)
    except RulesFileError as error:
        _stop("规则文件有误，服务未启动 (the rules file is refused)", str(error))
    try:
        read_webhooks(settings.webhooks_file)
    except WebhooksFileError as error:
        _stop("群机器人配置有误，服务未启动 (the webhooks file is refused)", str(error))
    return settings


def _name(location: tuple[int | str, ...]) -> str:
    return "_".join(str(part) for part in location).upper() or "SETTINGS"


def _stop(what: str, why: str) -> NoReturn:
    typer.echo(f"{what}: {why}", err=True)
    raise typer.Exit(2)


@contextmanager
def opened() -> Iterator[Services]:
    settings = checked_settings()
    configure_logging(settings.log_json, "WARNING")
    services = build_services(settings)
    try:
        yield services
    finally:
        services.close()
