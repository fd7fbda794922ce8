"""The old ledger as an .xlsx file: its rows read (ADR 47), and the template handed out to fill.

A file from outside is read with care: it must be a zip whose parts unpack to a bounded size
(a small file can hold a sheet of gigabytes), only the first sheet is read, only cached values
(a formula is never evaluated, its text never taken for a value), and reading stops a row past
the most an import takes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from application.ledger_import import MAX_ROWS
from domain.codes import CATEGORIES_BY_SOURCE, Category, Source, label
from domain.errors import InvalidValueError
from domain.ledger_rows import (
    COLUMNS,
    Cell,
    MissingColumnsError,
    SheetRow,
    header_field,
    missing_headers,
)
from domain.units import Unit
from infrastructure.reports.cells import append_row

MAX_UNPACKED = 64 * 1024 * 1024
MAX_PARTS = 2_000
MAX_COLUMNS = 40
MAX_SHEETS = 20
HEADER_ROWS = 20  # a title row or two may stand above the header
BLANK_RUN = 1_000  # this many blank rows in a row end the data (a sheet formatted far down)
NOT_READABLE = "is not an Excel workbook (.xlsx) this service can read"


def read_sheet(content: bytes) -> list[SheetRow]:
    """The rows under the header of the first sheet that has one (a sheet of notes or a chart
    may come first), blank rows left out."""
    _check_package(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl fails in many ways on a broken file: all of them mean this
        raise InvalidValueError("file", NOT_READABLE) from None
    try:
        for sheet in book.worksheets[:MAX_SHEETS]:
            if not hasattr(sheet, "iter_rows"):  # a chart
                continue
            rows = _rows(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
            if rows is not None:
                return rows
        raise MissingColumnsError(missing_headers(set()))
    except InvalidValueError:
        raise
    except Exception:
        raise InvalidValueError("file", NOT_READABLE) from None
    finally:
        book.close()


def _check_package(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InvalidValueError("file", NOT_READABLE) from None
    # a part is never unpacked past its stated size (zipfile stops there and checks its CRC)
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
        raise InvalidValueError("file", "unpacks to more than this service reads")


def _rows(values: Iterable[tuple[Any, ...]]) -> list[SheetRow] | None:
    """None when no header row stands in the first rows."""
    fields: list[str | None] | None = None
    rows: list[SheetRow] = []
    blank = 0
    for number, row in enumerate(values, start=1):
        if fields is None:
            fields = _header(row)
            if fields is None and number >= HEADER_ROWS:
                break
            continue
        cells = {f: _cell(v) for f, v in zip(fields, row, strict=False) if f is not None}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            blank += 1
            if blank == BLANK_RUN:
                break
            continue
        blank = 0
        if len(rows) == MAX_ROWS:
            raise InvalidValueError("file", f"has more than {MAX_ROWS} rows")
        rows.append(SheetRow(number, cells))
    return None if fields is None else rows


def _header(row: tuple[Any, ...]) -> list[str | None] | None:
    fields = [header_field(v) if isinstance(v, str) else None for v in row]
    named = {f for f in fields if f is not None}
    if "key" not in named or "title" not in named:
        return None
    if missing := missing_headers(named):
        raise MissingColumnsError(missing)
    return fields


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def template(units: list[Unit]) -> bytes:
    """The ledger to fill in: its header (* for required), a choice list for the source and the
    unit, and a sheet of the codes each column takes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "历史台账"
    append_row(sheet, [("*" if c.required else "") + c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
        width = 40 if column.field in ("title", "description") else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
        if column.field in ("found_on", "due_on"):
            for row in range(2, MAX_ROWS + 2):
                sheet.cell(row, index).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    codes = book.create_sheet("填写说明")
    append_row(codes, ["来源", "可填的类别"])
    for source in Source:
        categories = [label(c) for c in Category if c in CATEGORIES_BY_SOURCE[source]]
        append_row(codes, [label(source), "、".join(categories)])
    append_row(codes, [])
    append_row(codes, ["责任单位（填名称或代码）", "代码"])
    first_unit = codes.max_row + 1
    for unit in units:
        append_row(codes, [unit.name, unit.code])
    codes.column_dimensions["A"].width = 28
    codes.column_dimensions["B"].width = 60
    _choices(sheet, "来源", '"' + ",".join(label(s) for s in Source) + '"')
    if units:
        _choices(sheet, "责任单位", f"'填写说明'!$A${first_unit}:$A${codes.max_row}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _choices(sheet: Any, header: str, formula: str) -> None:
    index = next(i for i, c in enumerate(COLUMNS, start=1) if c.header == header)
    letter = get_column_letter(index)
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(rule)
