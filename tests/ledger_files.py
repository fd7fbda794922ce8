"""Old ledgers and rosters of people as a clerk fills them: the service's own templates with
rows written in."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import load_workbook

from application.units import Units
from infrastructure.ledger_sheet import template
from infrastructure.roster_sheet import template as roster_template

ROW = {
    "原编号": "MZ-2026-017",
    "来源": "坐诊问效",
    "类别": "落实改革政策",
    "责任单位": "区民政局",
    "问题": "窗口要求提供清单外材料",
    "问题描述": "办理低保申请时，窗口要求额外提供户籍证明。",
    "发现日期": "2026-09-14",
    "发现人": "区民政局分管领导",
}


def ledger_file(units: Units, rows: Sequence[dict[str, object]], formulas: bool = False) -> bytes:
    return filled(template(units.list_units()), rows, formulas)


def roster_file(units: Units, rows: Sequence[dict[str, object]], formulas: bool = False) -> bytes:
    return filled(roster_template(units.list_units()), rows, formulas)


def filled(template: bytes, rows: Sequence[dict[str, object]], formulas: bool = False) -> bytes:
    """The template filled with `rows` (each by header, without the required mark); text is
    typed as text (a leading = too) unless `formulas`, as a clerk's typed formula is."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = [str(cell.value).lstrip("*") for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            cell = sheet.cell(number, column)
            cell.value = row.get(header)  # type: ignore[assignment]
            if isinstance(cell.value, str) and not formulas:
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def reshaped(
    units: Units, rows: Sequence[dict[str, object]], change: Callable[[Any], None]
) -> bytes:
    """The filled template with its first sheet changed by `change` (a column taken out...)."""
    book = load_workbook(io.BytesIO(ledger_file(units, rows)))
    change(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def numbered(count: int, **changed: object) -> list[dict[str, object]]:
    return [ROW | {"原编号": f"MZ-{n:03}"} | changed for n in range(1, count + 1)]
