"""The `rectify` command: serve, set up, credentials, demo data."""

from __future__ import annotations

import signal
import threading
from datetime import date
from typing import Annotated

import typer
import uvicorn

from api.cli_calendar import calendar_app
from api.cli_ledger import audit_app, backup_command, restore_command
from api.cli_notifications import notifications_app
from api.cli_people import CLI_ACTOR, people_app
from api.cli_reports import report_app
from api.cli_settings import checked_settings, opened
from application.ports import today_in_china
from demo.activities import DemoYear
from demo.credentials import demo_tokens
from demo.quarter import DemoQuarter
from demo.units import load_demo_units
from domain.actor import Role
from domain.errors import DomainError
from domain.problem import Problem
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.event_log import configure_logging
from infrastructure.read_models.runner import UNREACHABLE
from infrastructure.read_models.service import UnknownProjectionError
from infrastructure.services import build_services
from infrastructure.settings import Settings
from infrastructure.store import set_up_schema

app = typer.Typer(help="整改通 Rectify: the problem ledger of the public-service halls.")
credentials_app = typer.Typer(help="Bearer credentials (admin).")
units_app = typer.Typer(help="The unit register.")
projections_app = typer.Typer(help="The read models (lists, statistics).")
app.add_typer(report_app, name="report")
app.add_typer(projections_app, name="projections")
app.add_typer(credentials_app, name="credentials")
app.add_typer(units_app, name="units")
app.add_typer(audit_app, name="audit")
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.add_typer(people_app, name="people")
app.add_typer(calendar_app, name="calendar")
app.add_typer(notifications_app, name="notifications")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[
        int | None, typer.Option(help="worker processes (default RECTIFY_WORKERS, 1)", min=1)
    ] = None,
) -> None:
    """Serve the HTTP API (tables are created on the first start). uvicorn picks uvloop and
    httptools, which the service depends on; with several workers each process serves
    requests, and one at a time follows the log for the read models and the notifier."""
    from api.http_protocol import HTTP_PROTOCOL
    from api.main import create_app

    settings = checked_settings()
    count = workers or settings.workers
    if count == 1:
        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="warning", http=HTTP_PROTOCOL
        )
        return
    set_up_schema(settings)  # once, before the workers race to it
    uvicorn.run(
        "api.main:app_from_environment",
        factory=True,
        workers=count,
        host=host,
        port=port,
        log_level="warning",
        http=HTTP_PROTOCOL,
    )


@app.command("init")
def init() -> None:
    """Create the tables once (also done on the first start)."""
    with opened() as services:
        typer.echo(f"ready: log head at {services.ledger.head_position()}")


@credentials_app.command("create")
def create_credential(
    name: Annotated[str, typer.Option(help="who the credential is for")],
    role: Annotated[Role, typer.Option(help="office, unit_lead, inspector or admin")],
    unit: Annotated[str | None, typer.Option(help="the unit of a unit lead")] = None,
) -> None:
    """Issue a credential; prints the token alone (it is shown once)."""
    with opened() as services:
        typer.echo(services.credential_register.issue(CLI_ACTOR, name, role, unit).token)


@credentials_app.command("revoke")
def revoke_credential(name: str) -> None:
    """Revoke a credential by name."""
    with opened() as services:
        services.credential_register.revoke(CLI_ACTOR, name)
        typer.echo(f"revoked {name}", err=True)


@credentials_app.command("demo")
def demo_credentials() -> None:
    """Print one demo credential per role: for a local demo only. Issued on the first run and
    kept in data/demo-credentials.json (readable by its owner only), so they keep working."""
    with opened() as services:
        tokens = demo_tokens(services.credential_register, services.credentials, CLI_ACTOR)
        for name, role, token in tokens:
            typer.echo(f"{role.value:10} {name:15} {token}")


@units_app.command("load-demo")
def load_demo() -> None:
    """Load Beibei District's 2022 units (seed 000) and the office; adds only what is missing."""
    with opened() as services:
        added = load_demo_units(services.units, CLI_ACTOR)
        typer.echo(f"{len(added)} units added, {len(services.units.list_units())} registered")


@app.command()
def demo(
    if_empty: Annotated[
        bool, typer.Option(help="do nothing if there are problems already")
    ] = False,
    end: Annotated[str | None, typer.Option(help="last day of the quarter (YYYY-MM-DD)")] = None,
) -> None:
    """Fill the database with the demo units, a year of activities (sit-ins, walk-throughs,
    self-checks, patrols; some units behind) and a realistic quarter of problems."""
    with opened() as services:
        load_demo_units(services.units, CLI_ACTOR)
        if if_empty and services.ledger.has_any(Problem.Logged):
            typer.echo("demo data already there")
            return
        last = date.fromisoformat(end) if end else today_in_china(services.clock)
        calendar = ChinaWorkingCalendar.from_file(services.settings.calendar_file)
        now = services.clock.now()  # nothing is recorded as if it had happened later today
        done = DemoYear(services.ledger, services.units, calendar, last, until=now).run()
        typer.echo(f"{done} demo activities recorded from {last.year}-01-01")
        count = DemoQuarter(services.ledger, services.units, calendar, last, until=now).run()
        typer.echo(f"{count} demo problems logged up to {last.isoformat()}")


@projections_app.command("run")
def run_projections() -> None:
    """Follow the log as a separate worker (serve with RECTIFY_RUN_PROJECTIONS=false)."""
    settings = Settings()
    configure_logging(settings.log_json, settings.log_level)
    services = build_services(settings)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    services.read_models.start()
    try:
        stop.wait()
    finally:
        services.close()


@projections_app.command("rebuild")
def rebuild_projections(
    names: Annotated[
        list[str] | None, typer.Argument(help="lists, unit_stats (default: all)")
    ] = None,
) -> None:
    """Rebuild from position 0 into fresh tables; readers switch over when it has caught up."""
    with opened() as services:
        for generation in services.read_models.rebuild(names or None):
            typer.echo(f"{generation.name}: generation {generation.generation} active")


@projections_app.command("status")
def projection_status() -> None:
    """How far behind the log head each projection is, and where one is stalled."""
    with opened() as services:
        stalled = {f.name: f for f in services.read_models.faults()}
        for name, behind in services.read_models.lag().items():
            state = "not built" if behind is None else f"{behind} behind"
            if name in stalled:
                state += f", stalled at {stalled[name].position}: {stalled[name].error}"
            typer.echo(f"{name:12} {state}")


def main() -> None:
    """The `rectify` command. A refusal (a period not over, an unknown unit or projection) is
    one line on stderr and exit status 2, as a bad option is, not a traceback."""
    try:
        app()
    except (DomainError, UnknownProjectionError) as error:
        typer.echo(f"refused: {error}", err=True)
        raise SystemExit(2) from None
    except UNREACHABLE as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        typer.echo(f"数据库不可用 (the database cannot be used): {first}", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
