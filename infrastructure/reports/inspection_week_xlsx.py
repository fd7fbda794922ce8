"""巡查情况统计表 (seed 004, annex 2): one hall's inspection rounds of one week, as a workbook
the hall sends the office by Friday 16:00."""

from __future__ import annotations

import io
from datetime import datetime, time
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from application.activity_reads import InspectionWeek
from application.rows import Listed
from domain.activity_codes import ACTIVITY_LABELS, SIX_CHECKS, Slot
from domain.codes import SourceMode, label
from infrastructure.reports.cells import append_row
from infrastructure.reports.deterministic import fixed_zip

HEADERS = (
    [("序号", 6), ("日期", 12), ("巡查类型", 10), ("时段", 8), ("巡查人员", 16)]
    + [(f"查{label(c)}", 10) for c in SIX_CHECKS]
    + [("发现问题数", 10), ("问题及整改情况", 44)]
)
SLOT_ORDER = {slot.value: n for n, slot in enumerate(Slot)}


def check_cell(checks: dict[str, Any], code: str) -> str:
    result = checks.get(code) or {}
    if result.get("passed", True):
        return "✓"
    return f"✗ {result.get('note', '')}".strip()


def problem_lines(problems: list[Listed]) -> str:
    status = {"logged": "待整改", "assigned": "整改中", "rectified": "已整改", "closed": "已销号"}
    status |= {"handed": "待签收", "withdrawn": "已撤销"}
    return "\n".join(
        f"{p.number}. {p.title}（{status.get(p.status, p.status)}）"
        for p in (listed.problem for listed in problems)
    )


def render_inspection_week(week: InspectionWeek) -> bytes:
    """Rounds in date and slot order, a totals row, A4 landscape; the same week gives the same
    bytes (the file is stamped with the week's Monday, not the time of writing)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "巡查情况统计表"
    title = (
        f"{week.hall.name}巡查情况统计表（{week.week.start:%Y年%m月%d日}至"
        f"{week.week.end:%m月%d日}，{week.week.key}）"
    )
    append_row(sheet, [title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append([name for name, _ in HEADERS])
    for column, (_, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.cell(2, column).font = Font(bold=True)
        sheet.cell(2, column).alignment = Alignment(horizontal="center", wrap_text=True)
    rounds = sorted(
        week.rounds, key=lambda r: (r.held_on, SLOT_ORDER.get(r.slot or "", 9), r.level or "")
    )
    found_total = 0
    failed_total = 0
    for number, row in enumerate(rounds, start=1):
        problems = week.problems.get(row.activity_id, [])
        found_total += len(problems)
        failed_total += row.failed_checks
        checks = row.checks or {}
        append_row(
            sheet,
            [
                number,
                row.held_on,
                label(SourceMode(row.level)),
                ACTIVITY_LABELS[Slot(row.slot)] if row.slot else "",
                "、".join(row.inspectors or []),
                *[check_cell(checks, c.value) for c in SIX_CHECKS],
                len(problems),
                problem_lines(problems),
            ],
        )
        current = sheet.max_row
        sheet.cell(current, 2).number_format = "yyyy-mm-dd"
        for column in range(1, len(HEADERS) + 1):
            sheet.cell(current, column).alignment = Alignment(vertical="top", wrap_text=True)
    append_row(
        sheet, [f"合计：巡查{len(rounds)}次，不合格项{failed_total}项，发现问题{found_total}个"]
    )
    sheet.merge_cells(
        start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(HEADERS)
    )
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    stamp = datetime.combine(week.week.start, time(0))
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp)
