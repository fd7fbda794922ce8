"""The old ledger's file as `infrastructure/ledger_sheet.py` reads it: real .xlsx files written
by openpyxl, with the cells and shapes clerks' files have."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.errors import InvalidValueError
from infrastructure.ledger_sheet import read_sheet
from infrastructure.sheet_reading import BLANK_RUN

HEADER = ["原编号", "来源", "类别", "责任单位", "问题", "问题描述", "发现日期", "发现人", "备注"]


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_of(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (HEADER, *rows):
        sheet.append(row)
    return saved(book)


def test_cells_are_read_as_text_or_days_and_unknown_columns_left_out() -> None:
    [row] = read_sheet(
        sheet_of(
            [
                17,
                "坐诊问效",
                "服务质量",
                "区民政局",
                "标题",
                "描述",
                datetime(2026, 3, 5, 0, 0),
                12.0,
                "随手记的备注",
            ]
        )
    )
    assert row.number == 2
    assert row.cells["key"] == "17"
    assert row.cells["found_on"] == date(2026, 3, 5)
    assert row.cells["found_by"] == "12"
    assert "备注" not in row.cells and len(row.cells) == 8


def test_a_long_run_of_blank_rows_ends_the_data() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["A-1", "坐诊问效"])
    sheet.cell(3 + BLANK_RUN + 5, 1).value = "far below"
    sheet.cell(3 + BLANK_RUN // 2, 2).value = "  "  # blank too
    assert [r.cells["key"] for r in read_sheet(saved(book))] == ["A-1"]


def test_the_ledger_is_the_first_sheet_with_a_header_and_none_is_refused() -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.append(["填表说明：一行一个问题"])
    ledger = book.create_sheet("台账")
    ledger.append(HEADER)
    ledger.append(["A-1", "坐诊问效"])
    assert [r.cells["key"] for r in read_sheet(saved(book))] == ["A-1"]
    empty = Workbook()
    with pytest.raises(InvalidValueError, match="lacks the columns: 原编号、来源"):
        read_sheet(saved(empty))


def with_doctype(dtd: str, title: str) -> bytes:
    """A sheet whose XML declares entities (a DOCTYPE) and uses one as a cell's text."""
    source = zipfile.ZipFile(
        io.BytesIO(sheet_of(["A-1", "坐诊问效", "服务质量", "区民政局", "TITLE"]))
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                xml = data.decode().replace("<worksheet", dtd + "<worksheet", 1)
                data = xml.replace(">TITLE<", f">{title}<").encode()
            package.writestr(name, data)
    return out.getvalue()


def test_entities_in_the_xml_neither_read_files_nor_multiply(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    external = f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://{secret}">]>'
    pairs = zip("bcdefghi", "abcdefgh", strict=True)  # each entity ten of the one before
    laughs = "".join(f'<!ENTITY {a} "{("&" + b + ";") * 10}">' for a, b in pairs)
    multiplying = f'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">{laughs}]>'
    for content in (with_doctype(external, "&x;"), with_doctype(multiplying, "&i;")):
        with pytest.raises(InvalidValueError, match="Excel workbook"):
            read_sheet(content)
