"""The files a unit's submission is generated as (.xlsx and .docx, as of the quarter's end),
kept with the filing so the register shows what was handed in beside the sealed scan."""

from __future__ import annotations

from application.submissions import QuarterlyReports
from application.units import Units
from domain.actor import Actor
from infrastructure.files import DOCX, XLSX
from infrastructure.reports.docx_report import render_docx
from infrastructure.reports.xlsx_report import render_title, render_xlsx


class QuarterlyFiles:
    def __init__(self, reports: QuarterlyReports, units: Units) -> None:
        self.reports = reports
        self.units = units

    def generate(self, actor: Actor, quarter: str, unit: str) -> list[tuple[str, str, bytes]]:
        report = self.reports.quarterly(actor, quarter, unit)
        title = render_title(report)
        return [
            (f"{title}.xlsx", XLSX, render_xlsx(report, report.names)),
            (f"{title}.docx", DOCX, render_docx(report, report.names)),
        ]
