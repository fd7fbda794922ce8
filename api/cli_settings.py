"""What every `rectify` command starts with: the settings, with the district's files checked
first (a bad one stops the command, naming its line), and the service's parts opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from infrastructure.event_log import configure_logging
from infrastructure.notifications.webhooks_file import WebhooksFileError, read_webhooks
from infrastructure.rules_file import RulesFileError, read_rules
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings


def checked_settings() -> Settings:
    """The settings, with the district's rules file read and checked first: a bad file stops
    the command here, naming its line, before anything starts."""
    settings = Settings()
    try:
        read_rules(settings.rules_file)
    except RulesFileError as error:
        typer.echo(f"规则文件有误，服务未启动 (the rules file is refused): {error}", err=True)
        raise typer.Exit(2) from None
    try:
        read_webhooks(settings.webhooks_file)
    except WebhooksFileError as error:
        typer.echo(
            f"群机器人配置有误，服务未启动 (the webhooks file is refused): {error}", err=True
        )
        raise typer.Exit(2) from None
    return settings


@contextmanager
def opened() -> Iterator[Services]:
    settings = checked_settings()
    configure_logging(settings.log_json, "WARNING")
    services = build_services(settings)
    try:
        yield services
    finally:
        services.close()
