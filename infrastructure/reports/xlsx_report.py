"""The quarterly submission as an Excel workbook: a summary sheet and one sheet per list."""

from __future__ import annotations

import io
from typing import Any

from xlsxwriter.worksheet import Worksheet

from application.ports import CHINA
from application.submissions import QuarterlyReport
from application.summaries import Summary
from infrastructure.reports.cells import file_text, looks_like_formula
from infrastructure.reports.deterministic import fixed_zip
from infrastructure.reports.labels import (
    STATUS,
    category_name,
    quarter_title,
    source_name,
    yes_no,
)
from infrastructure.reports.xlsx_sheets import (
    Column,
    Styles,
    finish,
    list_sheet,
    new_workbook,
    write_cell,
)

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
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    styles = Styles.of(workbook)
    _summary_sheet(workbook.add_worksheet("汇总"), report, styles)
    titles = {p.problem_id: p.title for p in report.problems}
    list_sheet(workbook, "问题清单", problem_columns(names), report.problems, styles)
    list_sheet(workbook, "需求清单", demand_columns(names, titles), report.demands, styles)
    rectifications = rectification_columns(names)
    list_sheet(workbook, "整改清单", rectifications, report.rectifications, styles)
    stamp = report.cutoff.astimezone(CHINA).replace(tzinfo=None)
    workbook.set_properties(
        {"author": "整改通 Rectify", "created": stamp, "title": render_title(report)}
    )
    workbook.close()
    return fixed_zip(buffer.getvalue(), stamp)


def render_title(report: QuarterlyReport) -> str:
    who = report.unit.name if report.unit else "全区"
    return f"{who}{quarter_title(report.quarter.key)}问题整改情况报送"


def _summary_sheet(sheet: Worksheet, report: QuarterlyReport, styles: Styles) -> None:
    title = render_title(report)
    sheet.write_string(
        0, 0, file_text(title), styles.quoted if looks_like_formula(title) else styles.title
    )
    cutoff = report.cutoff.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    sheet.write_string(
        1,
        0,
        f"数据截至 {cutoff}（北京时间），依据台账第 {report.position} 条记录，链值 {report.link}",
    )
    for col, header in enumerate(SUMMARY_HEADERS):
        sheet.write_string(2, col, header, styles.bold)
        sheet.set_column(col, col, max(14, len(header) * 2 + 2))
    summaries = report.units + ([report.total] if report.unit is None else [])
    for row, summary in enumerate(summaries, start=3):
        for col, value in enumerate(summary_row(summary)):
            write_cell(sheet, row, col, value, styles)
    finish(sheet, header_row=3)
