"""An .xlsx file from outside read into rows under a known header (the old ledger, ADR 47; the
roster of people, ADR 51).

It is read with care: it must be a zip whose parts unpack to a bounded size (a small file can
hold a sheet of gigabytes), only the first sheet with the header is read, only cached values (a
formula is never evaluated, its text never taken for a value), and reading stops a row past the
most an import takes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from openpyxl import load_workbook

from domain.errors import InvalidValueError
from domain.sheet_rows import Cell, MissingColumnsError, SheetLayout, SheetRow

MAX_UNPACKED = 64 * 1024 * 1024
MAX_PARTS = 2_000
MAX_COLUMNS = 40
MAX_SHEETS = 20
HEADER_ROWS = 20  # a title row or two may stand above the header
BLANK_RUN = 1_000  # this many blank rows in a row end the data (a sheet formatted far down)
NOT_READABLE = "is not an Excel workbook (.xlsx) this service can read"


def read_rows(content: bytes, layout: SheetLayout, max_rows: int) -> list[SheetRow]:
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
            values = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            rows = _rows(values, layout, max_rows)
            if rows is not None:
                return rows
        raise MissingColumnsError(layout.missing(set()))
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


def _rows(
    values: Iterable[tuple[Any, ...]], layout: SheetLayout, max_rows: int
) -> list[SheetRow] | None:
    """None when no header row stands in the first rows."""
    fields: list[str | None] | None = None
    rows: list[SheetRow] = []
    blank = 0
    for number, row in enumerate(values, start=1):
        if fields is None:
            fields = _header(row, layout)
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
        if len(rows) == max_rows:
            raise InvalidValueError("file", f"has more than {max_rows} rows")
        rows.append(SheetRow(number, cells))
    return None if fields is None else rows


def _header(row: tuple[Any, ...], layout: SheetLayout) -> list[str | None] | None:
    fields = [layout.field_of(v) if isinstance(v, str) else None for v in row]
    named = {f for f in fields if f is not None}
    if not layout.is_header(named):
        return None
    if missing := layout.missing(named):
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
