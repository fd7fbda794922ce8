"""A Word table's body rows written as XML text and parsed once.

python-docx builds each cell as a tree of Python objects (a quarter's tables hold hundreds of
thousands of cells, 40 % of a quarter's files' time); this writes the same elements, in the
same order and with the same attributes, that its `cell.text = …` writes, so the document is
the same bytes as before (tests/test_quarterly_reports.py compares them)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml.parser import parse_xml

from infrastructure.reports.cells import docx_text

NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{NAMESPACE}}}"
BREAKS = re.compile(r"([\t\r\n])")


def table_rows(rows: Sequence[Sequence[str]], widths: Sequence[str]) -> list[Any]:
    """`<w:tr>` elements for `rows`, each cell `widths[i]` twentieths of a point wide."""
    body = "".join(
        "<w:tr>"
        + "".join(_cell(value, width) for value, width in zip(row, widths, strict=True))
        + "</w:tr>"
        for row in rows
    )
    return list(parse_xml(f'<w:tbl xmlns:w="{NAMESPACE}">{body}</w:tbl>'))


def _cell(value: str, width: str) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
        f"<w:p><w:r>{_run(docx_text(value))}</w:r></w:p></w:tc>"
    )


def _run(text: str) -> str:
    """As python-docx's run text: a tab is <w:tab/>, a line break <w:br/>, the rest <w:t>,
    marked to keep its spaces when it starts or ends with one."""
    parts = []
    for piece in BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return "".join(parts)
