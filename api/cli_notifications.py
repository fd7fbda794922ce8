"""`rectify notifications ...`: run the notification worker on its own (serve with
RECTIFY_RUN_NOTIFIER=false), or once until nothing is left; set a person's e-mail."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from api.cli_people import CLI_ACTOR
from api.cli_settings import opened
from domain.actor import Actor
from domain.errors import DomainError

notifications_app = typer.Typer(help="Notifications: the outbox worker and e-mail settings.")


@notifications_app.command("run")
def run_worker(
    until_idle: Annotated[
        bool, typer.Option(help="deliver what is due now, then stop (for cron and tests)")
    ] = False,
) -> None:
    """Follow the log into the outbox, send reminders and deliver; one worker runs at a time."""
    with opened() as services:
        worker = services.notifications.worker
        if until_idle:
            worker.run_until_idle()
            typer.echo(f"deliveries: {services.notifications.deliveries.counts()}")
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        worker.run(stop)


@notifications_app.command("email")
def set_email(
    login: Annotated[str, typer.Option(help="the person's login name")],
    email: Annotated[str, typer.Option(help="the address (empty: none)")] = "",
    mode: Annotated[str, typer.Option(help="each, digest or off")] = "each",
    kinds: Annotated[list[str] | None, typer.Option(help="kinds by e-mail (none: all)")] = None,
) -> None:
    """Set a person's e-mail and what they receive by it (they can change it in the workbench)."""
    with opened() as services:
        account = next((a for a in services.people.people(CLI_ACTOR) if a.login == login), None)
        if account is None:
            typer.echo(f"no person {login}", err=True)
            raise typer.Exit(1)
        actor: Actor = account.actor
        try:
            choice = services.inbox.choose_email(actor, email, mode, kinds or [])
        except DomainError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(2) from None
        typer.echo(f"{login}: {choice.email or '-'} {choice.mode.value}")
