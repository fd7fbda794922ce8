"""A Word document saved as its zip, once, with the same entries python-docx writes.

`Document.save` compresses every part, and the reproducible form (deterministic.py) then read
them back and compressed them again; and the table rows carried as text (docx_rows) have to be
put in place in the saved XML. Here the parts are collected as python-docx's package writer
orders them and written once, stamped with the report's time (ADR 36)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from docx.opc.pkgwriter import PackageWriter

from infrastructure.reports.deterministic import fixed_entries
from infrastructure.reports.docx_rows import with_rows

DOCUMENT = "word/document.xml"


class _Entries:
    """What python-docx's zip writer would be handed: member names and bytes, in order."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername
        self.entries.append((name, with_rows(blob) if name == DOCUMENT else blob))


def docx_bytes(document: Any, title: str, stamp: datetime) -> bytes:
    """The document's file, its properties and every entry's time set to `stamp`."""
    core = document.core_properties
    core.author = "整改通 Rectify"
    core.created = core.modified = core.last_printed = stamp
    core.revision = 1
    core.title = title
    package = document.part.package
    for part in package.parts:  # as OpcPackage.save
        part.before_marshal()
    collected = _Entries()
    steps: Any = PackageWriter  # the steps of its `write`, which would open its own zip
    steps._write_content_types_stream(collected, package.parts)
    steps._write_pkg_rels(collected, package.rels)
    steps._write_parts(collected, package.parts)
    return fixed_entries(collected.entries, stamp)
