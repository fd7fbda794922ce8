"""Every file of a quarter, rendered in parallel processes (ADR 22): each unit's workbook and
document depend on nothing but its report, and rendering them is CPU-bound Python.

The reports are made once, in this process (one replay of the log); forked workers inherit
them and send back only the files' bytes. The bytes are the same as a serial rendering's."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from application.submissions import QuarterlyReport
from infrastructure.reports.docx_report import render_docx
from infrastructure.reports.xlsx_report import render_xlsx

Files = tuple[bytes, bytes]  # .xlsx, .docx
_inherited: tuple[Sequence[QuarterlyReport], dict[str, str]] = ((), {})


def quarter_files(
    reports: Sequence[QuarterlyReport], names: dict[str, str], processes: int | None = None
) -> list[Files]:
    """The .xlsx and .docx of each report, in the reports' order."""
    processes = min(processes or os.cpu_count() or 1, len(reports))
    if processes <= 1:
        return [_render(report, names) for report in reports]
    global _inherited
    _inherited = (reports, names)
    try:
        # biggest first, so no worker is left with a large unit at the end
        order = sorted(range(len(reports)), key=lambda i: -_size(reports[i]))
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            rendered = dict(zip(order, pool.map(_render_inherited, order), strict=True))
    finally:
        _inherited = ((), {})
    return [rendered[i] for i in range(len(reports))]


def _render(report: QuarterlyReport, names: dict[str, str]) -> Files:
    return render_xlsx(report, names), render_docx(report, names)


def _render_inherited(index: int) -> Files:
    reports, names = _inherited
    return _render(reports[index], names)


def _size(report: QuarterlyReport) -> int:
    return len(report.problems) + len(report.demands) + len(report.rectifications)
