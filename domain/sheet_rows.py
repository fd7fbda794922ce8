"""A spreadsheet a district fills in and hands over (its old ledger, its roster of people): the
columns it must have, found by their header's words, and its rows as the cells under them.

Files are read in `infrastructure`; what a header means and what a cell says are rules, so
they live here, once for every kind of sheet."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from domain.errors import InvalidValueError
from domain.rules import check_text


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # as the template writes it
    required: bool
    aliases: tuple[str, ...] = ()


Cell = str | date | None
"""What a sheet's cell is read as: text, a day, or nothing."""


@dataclass(frozen=True)
class SheetRow:
    """A row as the sheet holds it: its row number, and its cells by the field they are under."""

    number: int
    cells: Mapping[str, Cell]


@dataclass(frozen=True)
class SheetLayout:
    """The columns of one kind of sheet. A row naming every field of `marks` is its header (a
    title row or two may stand above it)."""

    columns: tuple[Column, ...]
    marks: tuple[str, ...]
    by_header: Mapping[str, Column] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = {n: c for c in self.columns for n in (c.header, *c.aliases)}
        object.__setattr__(self, "by_header", names)

    def field_of(self, text: str) -> str | None:
        """The field a header cell names (a template's `*` for required and spaces ignored)."""
        column = self.by_header.get(re.sub(r"[\s*＊]", "", text))
        return column.field if column else None

    def is_header(self, fields: set[str]) -> bool:
        return all(mark in fields for mark in self.marks)

    def missing(self, fields: set[str]) -> list[str]:
        """The headers of the required columns `fields` lacks."""
        return [c.header for c in self.columns if c.required and c.field not in fields]

    def header_of(self, field_name: str) -> str:
        return next((c.header for c in self.columns if c.field == field_name), "")


class MissingColumnsError(InvalidValueError):
    """A sheet whose header row lacks required columns: each edge names them in its words."""

    def __init__(self, headers: list[str]) -> None:
        super().__init__("file", "lacks the columns: " + "、".join(headers))
        self.headers = headers


def cell_text(cells: Mapping[str, Cell], name: str) -> str:
    """A cell as trimmed text (a day as its ISO form), checked as any text this service keeps."""
    value = cells.get(name)
    if isinstance(value, date):
        return value.isoformat()
    text = (value or "").strip()
    check_text(name, text, required=False)
    return text


def unit_code(units: Mapping[str, str], text: str) -> str:
    """The code of the unit a cell names; `units`: each code by its code and by its name."""
    code = units.get(text)
    if code is None:
        raise InvalidValueError("unit", "unknown unit")
    return code
