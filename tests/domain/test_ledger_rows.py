"""A row of a district's old ledger read into the problem it records: the words a clerk writes
for codes, units and days, and a clear refusal naming the column that cannot be read."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.codes import Category, Source
from domain.errors import InvalidValueError
from domain.ledger_rows import LEDGER, key_text, read_entry
from domain.sheet_rows import SheetRow

UNITS = {"civil_affairs": "civil_affairs", "区民政局": "civil_affairs"}
ROW = {
    "key": "2026-017",
    "source": "坐诊问效",
    "category": "落实改革政策",
    "unit": "区民政局",
    "title": "窗口要求提供清单外材料",
    "description": "办理低保申请时，窗口要求额外提供户籍证明。",
    "found_on": "2026/3/5",
    "found_by": "区民政局分管领导",
}


def entry(**changed: object):  # type: ignore[no-untyped-def]
    return read_entry(SheetRow(7, ROW | changed), UNITS)  # type: ignore[arg-type]


def test_a_row_as_a_clerk_writes_it_becomes_the_problem_it_records() -> None:
    read = entry(location=" 一楼综合窗口 ", due_on=datetime(2026, 4, 1))
    assert (read.row, read.key, read.due_on) == (7, "2026-017", date(2026, 4, 1))
    assert read.new.source is Source.SIT_IN and read.new.category is Category.POLICY
    assert read.new.unit == "civil_affairs"
    assert read.new.found_on == date(2026, 3, 5)
    assert read.new.location == "一楼综合窗口"


@pytest.mark.parametrize(
    "written",
    ["2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", " 2026 年 3 月 5 日 ", "46086"],
)
def test_a_day_is_read_in_the_forms_ledgers_use(written: str) -> None:
    assert entry(found_on=written).new.found_on == date(2026, 3, 5)


def test_codes_and_names_are_read_as_well_as_their_chinese_labels() -> None:
    read = entry(source="review", category="lazy", unit="civil_affairs", key="#12")
    assert (read.new.source, read.new.category, read.key) == (Source.REVIEW, Category.LAZY, "12")
    assert entry(source="好差评", category="懒").new.source is Source.REVIEW
    assert entry(source="群众评议", category="推").new.category is Category.SHIRKING


@pytest.mark.parametrize(
    ("changed", "field", "words"),
    [
        ({"source": "坐诊"}, "source", "is not a source"),
        ({"category": "纪律"}, "category", "is not a category of sit_in"),
        ({"unit": "区外事办"}, "unit", "unknown unit"),
        ({"found_on": "3月5日"}, "found_on", "is not a day"),
        ({"found_on": "2026-02-30"}, "found_on", "is not a day"),
        ({"found_on": None}, "found_on", "must not be empty"),
        ({"due_on": "下周"}, "due_on", "is not a day"),
        ({"key": "  "}, "key", "must not be empty"),
        ({"key": "x" * 41}, "key", "is longer than 40"),
        ({"title": "窗口\x07"}, "title", "character"),
    ],
)
def test_a_cell_that_cannot_be_read_is_named_with_its_column(
    changed: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(InvalidValueError) as refused:
        entry(**changed)
    assert refused.value.field == field
    assert words in refused.value.message


def test_headers_are_known_by_their_names_aliases_and_a_required_mark() -> None:
    assert LEDGER.field_of("*原编号") == "key"
    assert LEDGER.field_of(" 涉及单位 ") == "unit"
    assert LEDGER.field_of("＊问题") == "title"
    assert LEDGER.field_of("备注") is None
    assert LEDGER.missing({"key", "title"}) == [
        "来源",
        "类别",
        "责任单位",
        "问题描述",
        "发现日期",
        "发现人",
    ]


def test_an_unreadable_row_is_still_reported_by_its_old_number() -> None:
    assert key_text(SheetRow(3, {"key": " A-1 "})) == "A-1"
    assert key_text(SheetRow(3, {"key": date(2026, 1, 2)})) == "2026-01-02"
    assert key_text(SheetRow(3, {})) == ""
