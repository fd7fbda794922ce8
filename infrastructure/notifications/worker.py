"""The notification worker: follows the log into the outbox (tracked, exactly once per trigger),
looks at the clock for reminders and digests, and delivers what is due. One runs at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

import structlog

from application.batch_states import BatchStates
from application.ledger import Ledger
from application.lit_problems import Look
from application.notifications import Notifier
from application.ports import CHINA, Clock
from domain.notice_routes import Channel, Contact, EmailMode, Route, Webhook, routes_for
from domain.notices import Notice
from infrastructure.database_url import PostgresTarget, SqliteTarget
from infrastructure.notifications.channels import (
    DeliveryError,
    SmtpSettings,
    dingtalk_body,
    dingtalk_signed,
    post_webhook,
    send_email,
    wecom_body,
)
from infrastructure.notifications.deliveries import Deliveries
from infrastructure.notifications.outbox import Delivery, Outbox
from infrastructure.read_models.locks import (
    HeldLock,
    LockLostError,
    LockWaitInterruptedError,
    projection_lock,
)

TRACKING = "notices"
POLL_SECONDS = 1.0
REMIND_EVERY_SECONDS = 60.0


@dataclass(frozen=True)
class Channels:
    smtp: SmtpSettings | None
    webhooks: tuple[Webhook, ...]
    base_url: str


class NotificationWorker:
    def __init__(
        self,
        ledger: Ledger,
        outbox: Outbox,
        deliveries: Deliveries,
        notifier: Notifier,
        contacts: Callable[[], list[Contact]],
        channels: Channels,
        clock: Clock,
        reminder_time: time,
        target: PostgresTarget | SqliteTarget,
        batch_size: int = 200,
    ) -> None:
        self.ledger = ledger
        self.outbox = outbox
        self.deliveries = deliveries
        self.notifier = notifier
        self.contacts = contacts
        self.channels = channels
        self.clock = clock
        self.reminder_time = reminder_time
        self.target = target
        self.batch_size = batch_size
        self.reminded_at: datetime | None = None
        self.looked: Look | None = None
        self.log = structlog.get_logger("rectify.notifications")

    def run(self, stop: threading.Event) -> None:
        """Until stopped; errors (a database outage, a bad event) are logged and waited out. A
        lock lost with its connection, or a wait for it cut by an outage, is taken again."""
        while not stop.is_set():
            try:
                with projection_lock(self.target, "notifier", stop) as held:
                    self._hold(held, stop)
            except LockWaitInterruptedError:
                return
            except Exception as error:
                self.log.warning("notifier_lock_error", error=repr(error))
                stop.wait(POLL_SECONDS)

    def _hold(self, held: HeldLock, stop: threading.Event) -> None:
        while not stop.is_set():
            held.check()
            try:
                busy = self.step(held)
            except LockLostError:
                raise
            except Exception as error:
                self.log.warning("notifier_error", error=repr(error))
                busy = False
            if not busy:
                stop.wait(POLL_SECONDS)

    def step(self, held: HeldLock | None = None) -> bool:
        """One round; True while there is more to do at once. Before sending it makes sure it
        still holds the lock: a notifier that lost it must not send what another will."""
        followed = self.follow()
        self.remind_safely()
        delivered = self.deliver(held)
        return followed or delivered

    def follow(self) -> bool:
        """Read the next events after the tracked position; a first start begins at the head,
        so installing the worker on an old log does not tell everyone its whole history."""
        position = self.outbox.position(TRACKING)
        now = self.clock.now()
        if position is None:
            self.outbox.record([], self._router(), now, (TRACKING, self.ledger.head_position()))
            return False
        stored = self.ledger.recorder.select_notifications(
            start=position, limit=self.batch_size, inclusive_of_start=False
        )
        if not stored:
            return False
        notices: list[Notice] = []
        states = self.notifier.batch()
        for record in stored:
            notices += self._notices_of(record, states)
        self.outbox.record(notices, self._router(), now, (TRACKING, stored[-1].id))
        return len(stored) == self.batch_size

    def _notices_of(self, record: Any, states: BatchStates) -> list[Notice]:
        """A notice that cannot be made is logged and skipped: it must not stop the others."""
        try:
            event = self.ledger.mapper.to_domain_event(record)
            return self.notifier.after_events([event], states)
        except Exception as error:
            self.log.error("notice_failed", position=record.id, error=repr(error))
            return []

    def remind_safely(self, force: bool = False) -> None:
        """The day's reminders must not hold up what is already to deliver: a failure is
        logged and tried again at the next look."""
        try:
            self.remind(force)
        except LockLostError:
            raise
        except Exception as error:
            self.log.error("reminders_failed", error=repr(error))

    def remind(self, force: bool = False) -> int:
        """Reminders and digests from the reminder time of a working day; they are looked at
        again each minute, and their keys let only the new ones through. The lit problems are
        read whole at the day's first look, then only those changed since the last."""
        now = self.clock.now()
        if now.astimezone(CHINA).time() < self.reminder_time:
            return 0
        if not force and self.reminded_at and (now - self.reminded_at).total_seconds() < 60:
            return 0
        self.reminded_at = now
        contacts = self.contacts()
        digest_for = [c.actor for c in contacts if c.mode is EmailMode.DIGEST]
        lit, look = self.notifier.lit.look(self.looked, digest_for, self.outbox.known)
        new = self.outbox.record(self.notifier.reminders() + lit, self._router(contacts), now)
        self.looked = look  # kept: the next look reads only what changes after it
        return new

    def deliver(self, held: HeldLock | None = None) -> bool:
        due = self.deliveries.due(self.clock.now())
        if due and held is not None:
            held.check(now=True)
        for delivery in due:
            try:
                self._send(delivery)
            except Exception as error:  # one bad message must not hold up the others
                reason = str(error) if isinstance(error, DeliveryError) else repr(error)
                state = self.deliveries.failed(delivery, reason, self.clock.now())
                self.log.warning("delivery_failed", key=delivery.key, state=state, error=str(error))
            else:
                self.deliveries.sent(delivery, self.clock.now())
        return bool(due)

    def _send(self, delivery: Delivery) -> None:
        base = self.channels.base_url
        if delivery.channel == Channel.EMAIL:
            send_email(self.channels.smtp, delivery, base)
            return
        hook = next((h for h in self.channels.webhooks if h.name == delivery.recipient), None)
        if hook is None:
            raise DeliveryError(f"no webhook named {delivery.recipient} is configured now")
        if hook.channel is Channel.DINGTALK:
            signed = dingtalk_signed(hook.url, hook.secret)
            post_webhook(signed, dingtalk_body(delivery, base), delivery)
        else:
            post_webhook(hook.url, wecom_body(delivery, base), delivery)

    def _router(self, contacts: list[Contact] | None = None) -> Callable[[Notice], list[Route]]:
        """Routes by the contacts as they are now, read once per batch."""
        known: list[list[Contact]] = [] if contacts is None else [contacts]
        hooks = list(self.channels.webhooks)

        def route(notice: Notice) -> list[Route]:
            if not known:
                known.append(self.contacts())
            return routes_for(notice, known[0], hooks)

        return route

    def run_until_idle(self, rounds: int = 10_000) -> None:
        """Follow, remind and deliver until nothing is left to do now (the CLI, tests)."""
        self.remind_safely(force=True)
        for _ in range(rounds):
            if not self.step():
                return
