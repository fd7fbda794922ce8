"""A district's existing ledger (历史台账), one spreadsheet row at a time, read into the problem
it records: the columns it must have, the words it may use for codes, units and days.

The row's own number in the old ledger (原编号) is its key: importing the same row again finds
the problem it made instead of making a second one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.codes import CATEGORIES_BY_SOURCE, Category, Source, label
from domain.errors import InvalidValueError
from domain.problem import Problem
from domain.problem_values import NewProblem
from domain.sheet_rows import Cell, Column, SheetLayout, SheetRow, cell_text, unit_code
from domain.text import normal_text

MAX_KEY = 40
OLD_LEDGER = "ledger:"  # the command id of a row brought in: this and its old number


def command_id_of(key: str) -> str:
    return OLD_LEDGER + key


def old_number_of(command_id: str) -> str | None:
    """The old ledger's number (原编号) of a problem an import logged, from its first command."""
    return command_id.removeprefix(OLD_LEDGER) if command_id.startswith(OLD_LEDGER) else None


COLUMNS = (
    Column("key", "原编号", True, ("台账编号", "问题编号")),  # not 序号: it restarts each year
    Column("source", "来源", True, ("问题来源",)),
    Column("category", "类别", True, ("问题类别",)),
    Column("unit", "责任单位", True, ("涉及单位",)),
    Column("title", "问题", True, ("问题名称", "问题标题")),
    Column("description", "问题描述", True, ("具体问题", "问题详情")),
    Column("found_on", "发现日期", True),
    Column("found_by", "发现人", True, ("发现领导",)),
    Column("location", "具体位置", False, ("地点",)),
    Column("due_on", "整改时限", False, ("整改期限",)),
)
LEDGER = SheetLayout(COLUMNS, marks=("key", "title"))


@dataclass(frozen=True)
class LedgerEntry:
    """One row of the old ledger: where it is (its row in the sheet), its key, the problem."""

    row: int
    key: str
    new: NewProblem
    due_on: date | None = None

    def told_otherwise(self, problem: Problem) -> bool:
        """Whether the problem an earlier import of this row made now says otherwise (the row
        was changed since): an import never changes a problem, so the clerk is told."""
        new, p = self.new, problem
        said = (new.source, new.category, new.unit, new.found_on, new.title, new.description)
        held = (p.source, p.category, p.unit, p.found_on, p.title, p.description)
        return tuple(normal_text(v) if isinstance(v, str) else v for v in said) != held


def key_text(row: SheetRow) -> str:
    """The row's old number as written, for a report on a row that cannot be read."""
    value = row.cells.get("key")
    return (value.isoformat() if isinstance(value, date) else value or "").strip()[:MAX_KEY]


def read_entry(row: SheetRow, units: Mapping[str, str]) -> LedgerEntry:
    """The row's entry; an `InvalidValueError` names the first field it cannot read.
    `units`: each unit's code, by its code and by its name."""
    cells = row.cells
    source = _source(cell_text(cells, "source"))
    return LedgerEntry(
        row=row.number,
        key=_key(cell_text(cells, "key")),
        new=NewProblem(
            source=source,
            category=_category(source, cell_text(cells, "category")),
            unit=_unit(units, cell_text(cells, "unit")),
            title=cell_text(cells, "title"),
            description=cell_text(cells, "description"),
            found_on=_required(_day(cells, "found_on"), "found_on"),
            found_by=cell_text(cells, "found_by"),
            location=cell_text(cells, "location"),
        ),
        due_on=_day(cells, "due_on"),
    )


def _required(value: date | None, field: str) -> date:
    if value is None:
        raise InvalidValueError(field, "must not be empty")
    return value


def _key(text: str) -> str:
    key = text.removeprefix("#").strip()
    if not key:
        raise InvalidValueError("key", "must not be empty")
    if len(key) > MAX_KEY:
        raise InvalidValueError("key", f"is longer than {MAX_KEY} characters")
    return key


def _source(text: str) -> Source:
    for source in Source:
        if text in (source.value, *label(source).split("/")):  # 好差评/群众评议: either
            return source
    if not text:
        raise InvalidValueError("source", "must not be empty")
    raise InvalidValueError("source", "is not a source this service knows")


def _category(source: Source, text: str) -> Category:
    if not text:
        raise InvalidValueError("category", "must not be empty")
    for category in Category:
        if text in (category.value, label(category)):
            if category not in CATEGORIES_BY_SOURCE[source]:
                break
            return category
    raise InvalidValueError("category", f"is not a category of {source.value}")


def _unit(units: Mapping[str, str], text: str) -> str:
    if not text:
        raise InvalidValueError("unit", "must not be empty")
    return unit_code(units, text)


DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
EXCEL_SERIAL = re.compile(r"[3-7]\d{4}")  # a day Excel shows as a number: 1982 to 2173
EXCEL_EPOCH = date(1899, 12, 30)


def _day(cells: Mapping[str, Cell], field: str) -> date | None:
    value = cells.get(field)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or value is None:
        return value
    text = value.strip()
    if not text:
        return None
    if EXCEL_SERIAL.fullmatch(text):
        return EXCEL_EPOCH + timedelta(days=int(text))
    match = DAY.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InvalidValueError(field, "is not a day (such as 2026-03-05)") from None
