"""A Word table's body rows written as XML text, put into the document as it is saved.

python-docx builds each cell as a tree of Python objects (a quarter's tables hold hundreds of
thousands of cells, 40 % of a quarter's files' time); this writes the same elements, in the
same order and with the same attributes, that its `cell.text = …` writes, as lxml would
serialise them, so the document is the same bytes as before (tests compare them, ADR 36).

The text rides in the table as a processing instruction until `with_rows` opens it in the
saved `document.xml`: escaped cell text never holds `?>`, so the instruction ends where the
rows do, and nothing is parsed or serialised twice."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from infrastructure.reports.cells import docx_text

NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{NAMESPACE}}}"
BREAKS = re.compile(r"([\t\r\n])")
TARGET = "rectify-rows"
MARKED = re.compile(rb"<\?" + TARGET.encode() + rb" (.*?)\?>", re.DOTALL)


def table_rows(rows: Sequence[Sequence[Any]], widths: Sequence[str]) -> Any | None:
    """`<w:tr>` elements for `rows` (any values, made file text here), each cell `widths[i]`
    twentieths of a point wide, as an instruction to append to the table; None for no rows."""
    if not rows:
        return None
    body = "".join(
        "<w:tr>"
        + "".join(_cell(docx_text(value), width) for value, width in zip(row, widths, strict=True))
        + "</w:tr>"
        for row in rows
    )
    return etree.ProcessingInstruction(TARGET, body)


def with_rows(document_xml: bytes) -> bytes:
    """The saved document with each table's rows in place of the instruction carrying them."""
    return MARKED.sub(lambda found: found.group(1), document_xml)


def _cell(text: str, width: str) -> str:
    run = _run(text)
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
        f"<w:p>{f'<w:r>{run}</w:r>' if run else '<w:r/>'}</w:p></w:tc>"
    )


def _run(text: str) -> str:
    """As python-docx's run text: a tab is <w:tab/>, a line break <w:br/>, the rest <w:t>,
    marked to keep its spaces when it starts or ends with one."""
    if BREAKS.search(text) is None:  # most cells: one piece
        return _piece(text) if text else ""
    parts = []
    for piece in BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(_piece(piece))
    return "".join(parts)


def _piece(text: str) -> str:
    keep = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{keep}>{escape(text)}</w:t>"
