"""`rectify audit verify`, `rectify backup` and `rectify restore`: the ledger itself, checked
against its hash chain, copied out and brought back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli_settings import opened
from infrastructure.backup import RestoreRefusedError, backup, restore
from infrastructure.integrity import Anchor
from infrastructure.settings import Settings

audit_app = typer.Typer(help="The ledger's integrity (hash chain).")


@audit_app.command("verify")
def audit_verify(
    anchor: Annotated[
        list[str] | None,
        typer.Option(
            help="position:link as printed in a submission (repeatable); the chain must reach it"
        ),
    ] = None,
) -> None:
    """Recompute every link of the chain; exit 1 naming the first broken one."""
    try:
        anchors = [Anchor.parse(text) for text in anchor or ()]
    except ValueError as error:
        typer.echo(f"--anchor: {error}", err=True)
        raise typer.Exit(2) from None
    with opened() as services:
        total = services.audit.total()
        with typer.progressbar(length=total, label="verifying", file=sys.stderr) as bar:
            verdict = services.audit.verify(bar.update, anchors)
    if verdict.ok:
        checked = f", {len(anchors)} anchor(s) reached" if anchors else ""
        typer.echo(f"OK: {verdict.events} events{checked}, head link {verdict.head_link}")
        return
    where = (
        f"{verdict.originator_id} version {verdict.version}: "
        if verdict.originator_id is not None
        else ""
    )
    typer.echo(
        f"BROKEN at position {verdict.position}: {where}{verdict.reason} "
        f"({verdict.events} events verified before it)"
    )
    raise typer.Exit(1)


def backup_command(
    out: Annotated[Path, typer.Option("--out", help="the backup file to write")],
) -> None:
    """Copy the event log, its chain and the credentials (SQLite: the whole file, online)."""
    settings = Settings()
    with opened() as services:  # read before copying, so the copy holds this position
        head = services.ledger.head_position()
        link = services.audit.link_at(head)
    backup(settings, out)
    typer.echo(f"backup written to {out} ({out.stat().st_size} bytes)")
    typer.echo(
        f"anchor (keep it apart from the file; `rectify audit verify --anchor`): {head}:{link}"
    )


def restore_command(
    source: Annotated[Path, typer.Argument(help="a file written by `rectify backup`")],
) -> None:
    """Restore into an empty database, then verify the chain and rebuild every read model."""
    settings = Settings()
    try:
        restore(settings, source)
    except RestoreRefusedError as error:
        typer.echo(f"refused: {error}", err=True)
        raise typer.Exit(2) from None
    except FileNotFoundError as error:  # no such backup, or pg_restore missing
        typer.echo(f"cannot restore: {error}", err=True)
        raise typer.Exit(1) from None
    with opened() as services:
        verdict = services.audit.verify()
        if not verdict.ok:
            typer.echo(f"restored, but the chain breaks at {verdict.position}: {verdict.reason}")
            raise typer.Exit(1)
        rebuilt = services.read_models.rebuild()
    names = ", ".join(f"{g.name} (g{g.generation})" for g in rebuilt)
    typer.echo(f"restored {verdict.events} events, chain verified; rebuilt {names}")
