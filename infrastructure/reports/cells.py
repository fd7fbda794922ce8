"""The one cell writer for every file the service hands out (XLSX, CSV, DOCX).

Any text a unit lead typed can reach the office's spreadsheet, so:
- a value that begins like a formula (OWASP "CSV injection": = + - @, tab, carriage return) is
  written as text that cannot be evaluated: in XLSX a string cell with Excel's quote prefix
  (shown without the apostrophe, kept as text when edited), in CSV behind a leading apostrophe;
- characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; lone
  surrogates; U+FFFE, U+FFFF) become U+FFFD, so a file always opens."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def file_text(value: str) -> str:
    """Text any XML-based file can hold (C1 controls too: Word and Excel choke on them)."""
    return NOT_XML.sub("\ufffd", value)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def csv_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = file_text(value)
    return "'" + text if looks_like_formula(text) else text


def xlsx_value(sheet: Worksheet, value: Any) -> Any:
    """What `sheet.append` should get for `value`: the value itself, or a string cell."""
    if not isinstance(value, str):
        return value
    text = file_text(value)
    if not looks_like_formula(text):
        return text
    cell = Cell(sheet, value=text)
    cell.data_type = "s"  # openpyxl took the leading "=" for a formula
    cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Every XLSX row of the service goes through here."""
    sheet.append([xlsx_value(sheet, value) for value in values])


def docx_text(value: Any) -> str:
    return file_text("" if value is None else str(value))
