"""A list sheet's body rows written as XML text (ADR 36).

XlsxWriter spends about 8 µs on each cell (a decorating wrapper, bounds checks, a tuple per
cell, attribute escaping when the sheet is assembled): 1.3 million cells are most of a
quarter's files' time. `ListSheet` writes the same `<row>` and `<c>` elements XlsxWriter
would, with the same shared strings and style indices assigned in the same order, where it
writes its own rows, so the workbook is the same bytes as before (tests compare them).

The cells keep the rules of cells.py through `write_cell`'s choices: text that begins like a
formula is a string cell with the quote prefix, characters XML cannot hold become U+FFFD."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from infrastructure.reports.cells import FORMULA_PREFIXES, NOT_XML

EXCEL_DAY_ZERO = date(1899, 12, 30).toordinal()  # serial 61 is 1900-03-01: Lotus's leap day
FIRST_PLAIN_DAY = date(1900, 3, 1)
STRING_UNITS = 32_767  # Excel's longest string, in UTF-16 units; XlsxWriter cuts longer ones
BLOCK = 16  # XlsxWriter gives each block of 16 rows one `spans`


class ListSheet(Worksheet):  # type: ignore[misc]  # XlsxWriter has no type hints
    """A worksheet whose rows after its header are made by `add_rows` as XML text, with
    placeholders for the style indices XlsxWriter assigns only as it writes the sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.body: list[str] = []
        self.marked: dict[str, Format] = {}

    def add_rows(
        self,
        rows: Sequence[Any],
        values: Sequence[Callable[[Any], Any]],
        column_formats: Sequence[Format | None],
        quoted: Sequence[Format],
        day: Format,
    ) -> None:
        """Rows 2… of the sheet: column 0 counts them, column i holds `values[i](row)`;
        `quoted[i]` is the format of text in column i that begins like a formula."""
        plain = [self._mark(f) for f in column_formats]
        formula = [self._mark(f) for f in quoted]
        dated = self._mark(day)
        letters = [xl_col_to_name(col) for col in range(len(values))]
        shared = self.str_table._get_shared_string_index
        serials: dict[date, str] = {}
        widest = len(values) - 1  # the header's columns
        block: list[list[str]] = []
        last_col = 0
        for number, item in enumerate(rows, start=1):
            r = number + 1
            cells = [f'<c r="A{r}"{plain[0]}><v>{number}</v></c>']
            col = 0
            for col in range(1, len(values)):
                value = values[col](item)
                if value is None:
                    continue
                ref = f"{letters[col]}{r}"
                if isinstance(value, str):
                    text = NOT_XML.sub("\ufffd", value)
                    style = formula[col] if text.startswith(FORMULA_PREFIXES) else plain[col]
                    index = shared(_within_limit(text))
                    cells.append(f'<c r="{ref}"{style} t="s"><v>{index}</v></c>')
                elif isinstance(value, bool):
                    cells.append(f'<c r="{ref}"{plain[col]} t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, int | float):
                    cells.append(f'<c r="{ref}"{plain[col]}><v>{value:.16G}</v></c>')
                elif isinstance(value, date):
                    serial = serials.get(value)
                    if serial is None:
                        serial = serials[value] = self._serial(value)
                    cells.append(f'<c r="{ref}"{dated}><v>{serial}</v></c>')
                else:  # as write_cell: any other value as its text, never a formula's style
                    index = shared(_within_limit(NOT_XML.sub("\ufffd", str(value))))
                    cells.append(f'<c r="{ref}"{plain[col]} t="s"><v>{index}</v></c>')
                last_col = max(last_col, col)
            block.append(cells)
            if r % BLOCK == 0 or number == len(rows):
                self._add_block(block, r, widest if r <= BLOCK else last_col)
                block, last_col = [], 0
        if rows:
            self.dim_rowmax = max(self.dim_rowmax or 0, len(rows))  # type: ignore[has-type]

    def _add_block(self, block: list[list[str]], last_row: int, widest: int) -> None:
        spans = f"1:{widest + 1}"  # column 0 always holds the row's number
        first = last_row - len(block) + 1
        self.body.extend(
            f'<row r="{first + i}" spans="{spans}">{"".join(cells)}</row>'
            for i, cells in enumerate(block)
        )

    def _mark(self, style: Format | None) -> str:
        """The cell attribute for `style`, its index a placeholder until the sheet is written."""
        if style is None:
            return ""
        marker = next((m for m, known in self.marked.items() if known is style), None)
        if marker is None:
            marker = f"\x00{len(self.marked)}\x00"
            self.marked[marker] = style
        return f' s="{marker}"'

    def _serial(self, day: date) -> str:
        if type(day) is date and day >= FIRST_PLAIN_DAY:
            return f"{float(day.toordinal() - EXCEL_DAY_ZERO):.16G}"
        return f"{self._convert_date_time(day):.16G}"

    def _write_rows(self) -> None:
        """XlsxWriter's rows (the header), then the body with each style's index filled in,
        asked for in the order XlsxWriter would meet them: row by row, cell by cell."""
        super()._write_rows()
        body = "".join(self.body)
        found = sorted((body.find(m), m) for m in self.marked if m in body)
        for _, marker in found:
            body = body.replace(marker, str(self.marked[marker]._get_xf_index()))
        self.fh.write(body)


def _within_limit(text: str) -> str:
    """XlsxWriter's cut of a string longer than Excel holds, without splitting a character."""
    if len(text) <= STRING_UNITS // 2:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > STRING_UNITS:
            return text[:index]
    return text
