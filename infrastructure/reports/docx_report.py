"""The quarterly submission as a Word document: prose, tables, and room to sign and seal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from application.ports import CHINA
from application.submissions import QuarterlyReport
from infrastructure.reports.cells import docx_text
from infrastructure.reports.docx_package import docx_bytes
from infrastructure.reports.docx_rows import W, table_rows
from infrastructure.reports.labels import quarter_title
from infrastructure.reports.xlsx_report import (
    SUMMARY_HEADERS,
    demand_columns,
    problem_columns,
    rectification_columns,
    summary_row,
)
from infrastructure.reports.xlsx_sheets import Column


def render_docx(report: QuarterlyReport, names: dict[str, str]) -> bytes:
    document = Document()
    landscape_a4(document)
    who = report.unit.name if report.unit else "全区"
    title = f"{who}{quarter_title(report.quarter.key)}问题整改情况报告"
    heading = document.add_heading(docx_text(title), 1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cutoff = report.cutoff.astimezone(CHINA)
    document.add_paragraph(docx_text(_prose(report, who, cutoff)))
    document.add_heading("一、汇总", 2)
    summaries = report.units + ([report.total] if report.unit is None else [])
    table(document, SUMMARY_HEADERS, [[str(v) for v in summary_row(s)] for s in summaries])
    if report.overdue_units and report.unit is None:
        named = "、".join(names.get(u, u) for u in report.overdue_units)
        document.add_paragraph(docx_text(f"存在逾期未整改问题的单位：{named}。"))
    if report.unit is None:
        document.add_paragraph("各单位问题清单、需求清单、整改清单见同期报送的 Excel 文件。")
        _signature(document, who)
        return _save(document, heading.text, cutoff)
    titles = {p.problem_id: p.title for p in report.problems}
    lists: list[tuple[str, list[Column], Sequence[Any]]] = [
        ("问题清单", problem_columns(names), report.problems),
        ("需求清单", demand_columns(names, titles), report.demands),
        ("整改清单", rectification_columns(names), report.rectifications),
    ]
    for number, (title, columns, rows) in enumerate(lists, start=2):
        document.add_heading(f"{'一二三四五'[number - 1]}、{title}", 2)
        cells = [[_text(value(row)) for _, _, value in columns] for row in rows]
        for index, row in enumerate(cells, start=1):
            row[0] = str(index)
        table(document, [title for title, _, _ in columns], cells)
    _signature(document, who)
    return _save(document, heading.text, cutoff)


def _save(document: Any, title: str, cutoff: datetime) -> bytes:
    return docx_bytes(document, title, cutoff.replace(tzinfo=None))


def _prose(report: QuarterlyReport, who: str, cutoff: datetime) -> str:
    t = report.total
    return (
        f"截至{cutoff:%Y年%m月%d日%H时}，{who}{quarter_title(report.quarter.key)}共发现问题"
        f"{t.found}个，上期结转未完成{t.carried_over}个；本季度按时整改{t.rectified_on_time}个，"
        f"超期整改{t.rectified_late}个，已销号{t.closed}个，逾期未整改{t.overdue}个；"
        f"提出需求{t.demands_raised}项，已满足{t.demands_met}项；签收超时{t.late_signing}次，"
        f"整改方案超时{t.late_planning}次，验收不通过{t.rejected}次。"
        f"（依据台账第{report.position}条记录生成，逐条可查；该条记录的链值为{report.link}。）"
    )


def table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A grid in the document's 9-point table style (set once on the style, not per cell);
    the rows' cells are written as docx_rows writes them, when the document is saved."""
    style = document.styles["Table Grid"]
    style.font.size = Pt(9)
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = style
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = docx_text(header)
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    widths = [tc.find(f"{W}tcPr").find(f"{W}tcW").get(f"{W}w") for tc in grid._tbl.tr_lst[0]]
    body = table_rows(rows, widths)
    if body is not None:
        grid._tbl.append(body)


def _signature(document: Any, who: str) -> None:
    document.add_paragraph()
    for line in (
        f"报送单位（盖章）：{who}",
        "单位主要负责人（签字）：",
        "日期：    年    月    日",
    ):
        paragraph = document.add_paragraph(docx_text(line))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_before = Pt(18)


def landscape_a4(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))


def _text(value: Any) -> Any:
    """A day or a time in ISO form; anything else as it is, made file text by the table."""
    return value.isoformat() if hasattr(value, "isoformat") else value
