"""The quarterly submission as an Excel workbook: a summary sheet and one sheet per list."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from application.ports import CHINA
from application.submissions import QuarterlyReport
from application.summaries import Summary
from infrastructure.reports.cells import append_row
from infrastructure.reports.deterministic import fixed_zip
from infrastructure.reports.labels import (
    STATUS,
    category_name,
    quarter_title,
    source_name,
    yes_no,
)

Column = tuple[str, int, Callable[[Any], Any]]
SUMMARY_HEADERS = [
    "单位",
    "发现问题",
    "上期结转未完成",
    "按时整改",
    "超期整改",
    "逾期未整改",
    "已销号",
    "提出需求",
    "需求已满足",
    "签收超时",
    "整改方案超时",
    "验收不通过",
]


def summary_row(s: Summary) -> list[Any]:
    return [
        s.name,
        s.found,
        s.carried_over,
        s.rectified_on_time,
        s.rectified_late,
        s.overdue,
        s.closed,
        s.demands_raised,
        s.demands_met,
        s.late_signing,
        s.late_planning,
        s.rejected,
    ]


def problem_columns(names: dict[str, str]) -> list[Column]:
    return [
        ("序号", 6, lambda p: p.number),
        ("单位", 16, lambda p: names.get(p.unit, p.unit)),
        ("来源", 12, lambda p: source_name(p.source)),
        ("发现时间", 12, lambda p: p.found_on),
        ("问题描述", 40, lambda p: p.title),
        ("问题类别", 14, lambda p: category_name(p.category)),
        ("需求内容", 24, lambda p: p.demand),
        ("责任单位", 16, lambda p: names.get(p.responsible_unit, p.responsible_unit)),
        ("责任人", 10, lambda p: p.assignee),
        ("整改时限", 12, lambda p: p.due_on),
        ("完成情况", 10, lambda p: STATUS[p.status]),
        ("是否销号", 8, lambda p: yes_no(p.status == "closed")),
        ("备注", 16, lambda p: "挂牌督办" if p.flagged else ""),
    ]


def rectification_columns(names: dict[str, str]) -> list[Column]:
    return [
        ("序号", 6, lambda r: r.number),
        ("单位", 16, lambda r: names.get(r.unit, r.unit)),
        ("问题描述", 36, lambda r: r.title),
        ("整改措施", 36, lambda r: r.measures or ""),
        ("责任单位", 16, lambda r: names.get(r.responsible_unit, r.responsible_unit)),
        ("责任人", 10, lambda r: r.assignee),
        ("原定时限", 12, lambda r: r.first_due_on),
        ("整改时限", 12, lambda r: r.due_on),
        ("延期次数", 8, lambda r: r.extensions),
        ("完成时间", 12, lambda r: r.rectified_on),
        ("补录", 14, lambda r: r.backdate_reason),
        ("完成情况", 10, lambda r: STATUS[r.status]),
        ("是否超期", 8, lambda r: yes_no(r.late)),
        ("是否销号", 8, lambda r: yes_no(r.closed)),
        ("备注", 16, lambda r: "; ".join(d.reason for d in r.deadlines if d.reason)),
    ]


def demand_columns(names: dict[str, str], titles: dict[str, str]) -> list[Column]:
    return [
        ("序号", 6, lambda d: d.number),
        ("问题描述", 36, lambda d: titles.get(d.problem_id, "")),
        ("需求内容", 36, lambda d: d.text),
        ("提出单位", 16, lambda d: names.get(d.raised_by_unit or "", "")),
        ("对接单位", 16, lambda d: names.get(d.to_unit, d.to_unit)),
        ("提出时间", 12, lambda d: d.raised_on),
        ("答复时间", 12, lambda d: d.answered_on),
        ("是否满足", 8, lambda d: yes_no(d.met)),
        ("答复内容", 30, lambda d: d.answer or ""),
    ]


def render_xlsx(report: QuarterlyReport, names: dict[str, str]) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    _summary_sheet(summary, report)
    titles = {p.problem_id: p.title for p in report.problems}
    _list_sheet(workbook.create_sheet("问题清单"), problem_columns(names), report.problems)
    _list_sheet(workbook.create_sheet("需求清单"), demand_columns(names, titles), report.demands)
    _list_sheet(
        workbook.create_sheet("整改清单"), rectification_columns(names), report.rectifications
    )
    stamp = report.cutoff.astimezone(CHINA).replace(tzinfo=None)
    workbook.properties.creator = "整改通 Rectify"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.title = render_title(report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp)


def render_title(report: QuarterlyReport) -> str:
    who = report.unit.name if report.unit else "全区"
    return f"{who}{quarter_title(report.quarter.key)}问题整改情况报送"


def _summary_sheet(sheet: Worksheet, report: QuarterlyReport) -> None:
    sheet.title = "汇总"
    append_row(sheet, [render_title(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    cutoff = report.cutoff.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    sheet.append(
        [f"数据截至 {cutoff}（北京时间），依据台账第 {report.position} 条记录，链值 {report.link}"]
    )
    sheet.append(SUMMARY_HEADERS)
    for s in report.units:
        append_row(sheet, summary_row(s))
    if report.unit is None:
        append_row(sheet, summary_row(report.total))
    _finish(sheet, [max(14, len(h) * 2 + 2) for h in SUMMARY_HEADERS], header_row=3)


def _list_sheet(sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Any]) -> None:
    sheet.append([title for title, _, _ in columns])
    for index, row in enumerate(rows, start=1):
        values = [value(row) for _, _, value in columns]
        values[0] = index  # 序号 counts the rows of this list
        append_row(sheet, values)
    wrap = Alignment(wrap_text=True, vertical="top")
    # One pass after appending: openpyxl's sheet[row] scans every cell, so per row it is quadratic.
    for cells in sheet.iter_rows(min_row=2, max_row=len(rows) + 1, max_col=len(columns)):
        for cell, (_, width, _) in zip(cells, columns, strict=True):
            if hasattr(cell.value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            if width >= 24:
                cell.alignment = wrap
    _finish(sheet, [width for _, width, _ in columns], header_row=1)


def _finish(sheet: Worksheet, widths: Sequence[int], header_row: int) -> None:
    """Frozen header, widths that fit Chinese text, A4 landscape fitted to the page width."""
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header_row + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
