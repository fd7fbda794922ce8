"""`rectify people ...`: add a person to the workbench, reset a password, disable an account,
or print the demo people."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli_settings import opened
from application.people import Account
from demo.people import DEMO_PASSWORD, demo_people
from domain.actor import Actor, Role

people_app = typer.Typer(help="People who sign in to the workbench (工作台).")
CLI_ACTOR = Actor("cli", Role.ADMIN)


@people_app.command("add")
def add_person(
    login: Annotated[str, typer.Option(help="the login name")],
    name: Annotated[str, typer.Option(help="the name shown (display name)")],
    role: Annotated[Role, typer.Option(help="office, unit_lead, inspector or admin")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)],
    unit: Annotated[str | None, typer.Option(help="the unit of a unit lead")] = None,
    phone: Annotated[str, typer.Option(help="optional")] = "",
) -> None:
    """Add a person; the password must be changed at the first sign-in."""
    with opened() as services:
        services.people.add_person(
            CLI_ACTOR, Account(login, name, unit, role, phone, must_change=True), password
        )
        typer.echo(f"added {login}")


@people_app.command("demo")
def print_demo_people() -> None:
    """Add the demo people if missing and print them with their password."""
    with opened() as services:
        for account in demo_people(services.people, CLI_ACTOR):
            typer.echo(f"{account.role.value:10} {account.login:16} {DEMO_PASSWORD}")
