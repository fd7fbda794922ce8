"""The submission, the bulletin and a problem's dossier as downloads, named as a clerk files
them: the same file from the API and from the workbench."""

from __future__ import annotations

import re

from fastapi import Response

from application.dossier import Dossier
from application.submissions import Bulletin, QuarterlyReport
from infrastructure.files import DOCX, XLSX, attachment
from infrastructure.reports.bulletin_docx import period_title, render_bulletin_docx
from infrastructure.reports.docx_report import render_docx
from infrastructure.reports.dossier_docx import render_dossier_docx
from infrastructure.reports.xlsx_report import render_title, render_xlsx

WORDS = re.compile(r"[^\W_]+")


def submission_file(report: QuarterlyReport, extension: str) -> Response:
    """The quarter's submission as .xlsx (a summary sheet and one per list) or .docx, with the
    units named as they were at the quarter's end."""
    names = report.names
    who = report.unit.code if report.unit else "district"
    xlsx = extension == "xlsx"
    content = render_xlsx(report, names) if xlsx else render_docx(report, names)
    return attachment(
        content,
        XLSX if xlsx else DOCX,
        f"{render_title(report)}.{extension}",
        f"rectify-{report.quarter.key}-{who}.{extension}",
        len(report.problems),
    )


def bulletin_file(report: Bulletin) -> Response:
    return attachment(
        render_bulletin_docx(report),
        DOCX,
        f"{period_title(report.period.key)}.docx",
        f"rectify-bulletin-{report.period.key}.docx",
        len(report.ranking),
    )


def file_name(title: str) -> str:
    """A title as part of a file's name: its first words, letters and digits only (a title
    may hold anything a person typed: slashes, quotes, controls)."""
    return "_".join(WORDS.findall(title))[:30] or "问题"


def dossier_file(dossier: Dossier) -> Response:
    """问题档案 as .docx, named by the problem and its version: the same bytes each time."""
    version = dossier.problem.version
    short = str(dossier.problem.id)[:8]
    return attachment(
        render_dossier_docx(dossier),
        DOCX,
        f"问题档案-{_numbered(dossier)}{file_name(dossier.problem.title)}-第{version}条记录.docx",
        f"rectify-dossier-{short}-v{version}.docx",
        len(dossier.history),
    )


def _numbered(dossier: Dossier) -> str:
    return f"第{dossier.number}号-" if dossier.number else ""
