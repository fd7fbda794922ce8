"""Builds the notification parts from settings and runs the worker in a thread of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from application.inbox import Inbox
from application.notifications import Notifier
from infrastructure.background import Background
from infrastructure.database_url import parse_database_url
from infrastructure.notifications.channels import SmtpSettings
from infrastructure.notifications.contacts import ContactStore
from infrastructure.notifications.deliveries import Deliveries
from infrastructure.notifications.outbox import Outbox
from infrastructure.notifications.webhooks_file import read_webhooks
from infrastructure.notifications.worker import Channels, NotificationWorker
from infrastructure.people import PeopleStore
from infrastructure.settings import Settings
from infrastructure.sql import SqlDatabase


@dataclass
class Notifications:
    inbox: Inbox
    worker: NotificationWorker
    deliveries: Deliveries

    def __post_init__(self) -> None:
        self.background = Background("notifications", self.worker.run)

    def start(self) -> None:
        self.background.start()

    def close(self, timeout: float = 10.0) -> None:
        self.background.close(timeout)


def smtp_settings(settings: Settings) -> SmtpSettings | None:
    if not settings.smtp_host:
        return None
    return SmtpSettings(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_tls,
        settings.smtp_user,
        settings.smtp_password,
        settings.smtp_from,
    )


def build_notifications(
    settings: Settings, sql: SqlDatabase, notifier: Notifier, people: PeopleStore
) -> Notifications:
    outbox = Outbox(sql)
    contacts = ContactStore(sql, people)
    deliveries = Deliveries(sql, settings.notify_max_attempts, settings.notify_backoff_seconds)
    channels = Channels(
        smtp_settings(settings),
        tuple(read_webhooks(settings.webhooks_file)),
        settings.public_url.rstrip("/"),
    )
    hour, minute = (int(part) for part in settings.reminder_time.split(":"))
    worker = NotificationWorker(
        notifier.ledger,
        outbox,
        deliveries,
        notifier,
        contacts.all,
        channels,
        notifier.clock,
        time(hour, minute),
        parse_database_url(settings.database_url),
    )
    return Notifications(Inbox(outbox, contacts, deliveries, notifier.clock), worker, deliveries)
