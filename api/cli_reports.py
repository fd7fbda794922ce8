"""`rectify report ...`: a quarter's submissions and a period's bulletin written to files, as the
office's clerk would download them from the workbench."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli_settings import opened
from domain.actor import Actor, Role
from infrastructure.reports.bulletin_docx import render_bulletin_docx
from infrastructure.reports.quarter_files import quarter_files

report_app = typer.Typer(help="Quarterly submissions (季度报送) and bulletins (月通报).")
REPORT_ACTOR = Actor("cli-report", Role.OFFICE)


@report_app.command("quarterly")
def report_quarterly(
    quarter: Annotated[str, typer.Option(help="an ended quarter, e.g. 2026Q3")],
    out: Annotated[Path, typer.Option(help="folder for the files")],
    unit: Annotated[str | None, typer.Option(help="one unit (default: every unit)")] = None,
) -> None:
    """Write the district's roll-up and each unit's submission, as .xlsx and .docx."""
    out.mkdir(parents=True, exist_ok=True)
    with opened() as services:
        reports = services.submissions.quarterly_set(
            REPORT_ACTOR, quarter, [unit] if unit else None
        )
        names = reports[0].names  # as of the quarter's end, one for the whole set
        for report, (xlsx, docx) in zip(reports, quarter_files(reports, names), strict=True):
            who = report.unit.code if report.unit else "district"
            stem = out / f"rectify-{report.quarter.key}-{who}"
            stem.with_suffix(".xlsx").write_bytes(xlsx)
            stem.with_suffix(".docx").write_bytes(docx)
        first = reports[0]
        typer.echo(f"{len(reports) * 2} files in {out} (log position {first.position})")
        typer.echo(
            f"anchor (keep it; `rectify audit verify --anchor`): {first.position}:{first.link}"
        )


@report_app.command("bulletin")
def report_bulletin(
    month: Annotated[str, typer.Option(help="a month (2026-11) or a quarter (2026Q3)")],
    out: Annotated[Path, typer.Option(help="folder for the file")] = Path("."),
) -> None:
    """Write the monthly bulletin (or quarterly review) as .docx; print the ranking's head."""
    out.mkdir(parents=True, exist_ok=True)
    with opened() as services:
        bulletin = services.submissions.bulletin(REPORT_ACTOR, month)
        path = out / f"rectify-bulletin-{bulletin.period.key}.docx"
        path.write_bytes(render_bulletin_docx(bulletin))
        for rank, s in enumerate(bulletin.ranking[:5], start=1):
            typer.echo(
                f"{rank}. {s.name}: {s.overdue} overdue, {s.rectified_late} late, {s.open} open"
            )
        typer.echo(f"written {path}")
