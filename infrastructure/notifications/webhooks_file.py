"""The group robots' file (TOML, `RECTIFY_WEBHOOKS_FILE`): URL and secret per unit or district.
Kept out of the environment because a district has one robot per unit group; a bad entry stops
the service at start, naming it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from domain.notice_routes import DISTRICT, Channel, Webhook

KEYS = {"name", "channel", "url", "secret", "unit"}


class WebhooksFileError(ValueError):
    """A webhooks file the service cannot start with."""


def read_webhooks(path: Path | None) -> list[Webhook]:
    if path is None:
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise WebhooksFileError(f"{path}: cannot be read as TOML ({error})") from None
    entries = data.get("webhook", [])
    if set(data) - {"webhook"} or not isinstance(entries, list):
        raise WebhooksFileError(f"{path}: only [[webhook]] tables are allowed")
    hooks = [_webhook(path, number, entry) for number, entry in enumerate(entries, 1)]
    names = [hook.name for hook in hooks]
    if len(set(names)) != len(names):
        raise WebhooksFileError(f"{path}: two webhooks have the same name")
    return hooks


def _webhook(path: Path, number: int, entry: object) -> Webhook:
    where = f"{path}: webhook {number}"
    if not isinstance(entry, dict) or set(entry) - KEYS:
        raise WebhooksFileError(f"{where}: keys allowed: {', '.join(sorted(KEYS))}")
    values = {key: entry.get(key, "") for key in KEYS}
    if not all(isinstance(value, str) for value in values.values()):
        raise WebhooksFileError(f"{where}: every value is a string")
    try:
        channel = Channel(values["channel"])
    except ValueError:
        raise WebhooksFileError(f"{where}: channel is wecom or dingtalk") from None
    if channel is Channel.EMAIL:
        raise WebhooksFileError(f"{where}: channel is wecom or dingtalk")
    if not values["name"] or not values["url"].startswith(("https://", "http://")):
        raise WebhooksFileError(f"{where}: needs a name and an http(s) url")
    return Webhook(
        values["name"], channel, values["url"], values["secret"], values["unit"] or DISTRICT
    )
