"""`rectify calendar ...`: the official working-day calendar from a shell: which years are
known and from where, one year's days, and recording next year's notice (as the workbench's
节假日 page and `PUT /calendar/{year}` do, on record as the CLI's admin)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from api.cli_people import CLI_ACTOR
from api.cli_settings import opened
from domain.errors import InvalidValueError

calendar_app = typer.Typer(help="The official working-day calendar (节假日安排).")


def _days(option: str, text: str) -> list[date]:
    """Dates as the notice lists them, parted by commas or spaces: 2027-01-01,2027-02-10."""
    days = []
    for word in text.replace("，", ",").replace(",", " ").split():
        try:
            days.append(date.fromisoformat(word))
        except ValueError:
            raise InvalidValueError(option, f"{word!r} is not a date like 2027-01-01") from None
    return days


@calendar_app.command("years")
def known_years() -> None:
    """Each year the service counts working days for, and where its days come from."""
    with opened() as services:
        for year, source in sorted(services.calendar.coverage().items()):
            typer.echo(f"{year}  {source}")


@calendar_app.command("show")
def show_year(year: Annotated[int, typer.Argument(help="the year, e.g. 2027")]) -> None:
    """A year's weekday holidays and its make-up working days."""
    with opened() as services:
        official = services.calendar.official(year)
        if official is None:
            typer.echo(f"refused: the calendar of {year} is not known", err=True)
            raise typer.Exit(2)
        holidays = sorted(d for d in official.holidays if d.weekday() < 5)
        typer.echo("holidays: " + " ".join(d.isoformat() for d in holidays))
        typer.echo("workdays: " + " ".join(d.isoformat() for d in sorted(official.workdays)))


@calendar_app.command("record")
def record_year(
    year: Annotated[int, typer.Argument(help="the year the notice is for, e.g. 2027")],
    holidays: Annotated[str, typer.Option(help="the weekday holidays, e.g. 2027-01-01,...")],
    notice: Annotated[str, typer.Option(help="the notice's title or number")],
    workdays: Annotated[str, typer.Option(help="the weekend days worked instead (调休)")] = "",
) -> None:
    """Record (or put right) a year from the State Council's notice; every process of the
    service counts deadlines in it within seconds."""
    with opened() as services:
        recorded = services.working_years.record(
            CLI_ACTOR, year, _days("holidays", holidays), _days("workdays", workdays), notice
        )
        typer.echo(f"recorded {year}: {len(recorded.official.holidays)} holidays ({notice})")
