"""The lists as files: CSV (UTF-8 with BOM, for Excel) and XLSX, with Chinese headers, and
codes shown as the names a clerk reads (units, sources, modes, categories, status)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from domain.codes import Category, Source, SourceMode, label
from infrastructure.reports.cells import append_row, csv_value
from infrastructure.reports.labels import STATUS

STATUS_LABELS = STATUS
UNIT_KEYS = {"unit", "responsible_unit", "demand_to_unit", "demand_raised_by_unit"}
FILE_NAMES = {"problems": "问题清单", "rectifications": "整改清单", "demands": "需求清单"}
LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "none": ""}

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "problems": [
        ("number", "序号"),
        ("unit", "发现单位"),
        ("source", "来源"),
        ("source_mode", "方式"),
        ("category", "问题类别"),
        ("found_on", "发现时间"),
        ("found_by", "发现人"),
        ("title", "问题"),
        ("description", "问题描述"),
        ("responsible_unit", "责任单位"),
        ("assignee", "责任人"),
        ("status", "状态"),
        ("due_on", "整改时限"),
        ("light", "预警"),
        ("flagged", "挂牌督办"),
        ("rectified_on", "整改完成时间"),
        ("backdate_reason", "补录说明"),
        ("late", "是否超期整改"),
        ("closed_on", "销号时间"),
        ("times_escalated", "移交次数"),
        ("times_reopened", "退回次数"),
        ("old_number", "原台账编号"),
    ],
    "rectifications": [
        ("number", "序号"),
        ("unit", "发现单位"),
        ("title", "问题"),
        ("responsible_unit", "责任单位"),
        ("assignee", "责任人"),
        ("plan_measures", "整改方案"),
        ("measures", "整改措施"),
        ("result", "整改结果"),
        ("first_due_on", "原定时限"),
        ("due_on", "整改时限"),
        ("extensions", "延期次数"),
        ("rectified_on", "整改完成时间"),
        ("backdate_reason", "补录说明"),
        ("late", "是否超期整改"),
        ("status", "完成情况"),
        ("closed", "是否销号"),
        ("closed_on", "销号时间"),
    ],
    "demands": [
        ("number", "问题序号"),
        ("title", "问题"),
        ("unit", "发现单位"),
        ("demand_number", "需求序号"),
        ("demand_text", "需求内容"),
        ("demand_raised_by", "提出人"),
        ("demand_to_unit", "对接单位"),
        ("demand_raised_on", "提出时间"),
        ("demand_answered_on", "答复时间"),
        ("demand_met", "是否满足"),
        ("demand_answer", "答复内容"),
    ],
}


def cell(key: str, value: Any, names: dict[str, str] | None = None) -> Any:
    """A value as a person reads it: Chinese names for codes, 是/否 for yes and no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in UNIT_KEYS:
        return (names or {}).get(value, value)
    if key == "source":
        return label(Source(value))
    if key == "source_mode":
        return label(SourceMode(value))
    if key == "category":
        return label(Category(value))
    if key == "status":
        return STATUS_LABELS.get(value, value)
    if key == "light":
        return LIGHT_LABELS.get(value, value)
    return value


def to_csv(list_name: str, items: Sequence[dict[str, Any]], names: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for _, title in COLUMNS[list_name]])
    for item in items:
        writer.writerow(
            [csv_value(cell(key, item.get(key), names)) for key, _ in COLUMNS[list_name]]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(list_name: str, items: Sequence[dict[str, Any]], names: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = FILE_NAMES[list_name]
    columns = COLUMNS[list_name]
    sheet.append([title for _, title in columns])
    for item in items:
        append_row(sheet, [_xlsx_cell(key, item.get(key), names) for key, _ in columns])
    sheet.freeze_panes = "A2"
    for index, (_, title) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(title) * 2 + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(key: str, value: Any, names: dict[str, str]) -> Any:
    """Dates stay dates in Excel, so a user can sort and filter them."""
    if isinstance(value, str) and key.endswith("_on") and len(value) == 10:
        return date.fromisoformat(value)
    return cell(key, value, names)
