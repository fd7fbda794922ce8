"""Hostile text, and what every file the service hands out must never hold because of it."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from docx import Document
from openpyxl import load_workbook

CONTROLS = [chr(c) for c in range(0x20)] + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]
ALLOWED = {"\t", "\n", "\r"}
FORMULA_PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
FORMULAS = [f'{p}HYPERLINK("http://evil","x")' for p in FORMULA_PREFIXES] + [
    "=1+1",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1)",
    "=cmd|' /C calc'!A0",
]
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def assert_workbook_is_inert(content: bytes) -> list[list[object]]:
    """Opens, holds no formula cell, and no text that Excel would evaluate; returns the cells."""
    book = load_workbook(io.BytesIO(content))
    cells: list[list[object]] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(tuple(FORMULA_PREFIXES)):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
            cells.append(values)
    return cells


def assert_csv_is_inert(content: bytes) -> list[list[str]]:
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    for row in table:
        for value in row:
            assert not value.startswith(tuple(FORMULA_PREFIXES)), value
            assert not NOT_XML.search(value), repr(value)
    return table


def assert_docx_opens(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            text += "\n" + "\t".join(cell.text for cell in row.cells)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert not NOT_XML.search(archive.read("word/document.xml").decode("utf-8"))
    return text
