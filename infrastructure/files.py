"""Files handed out by both edges (the API and the workbench's downloads): named in Chinese
(RFC 6266 `filename*`, RFC 5987 encoding), with an ASCII name for old clients."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import Response

from application.rows import Listed
from domain.evidence import EvidenceFile
from infrastructure.exports import FILE_NAMES, to_csv, to_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def content_disposition(name: str, fallback: str = "", *, inline: bool = False) -> str:
    """`name` as a clerk sees it when saving; `fallback` its ASCII stand-in."""
    ascii_name = UNSAFE.sub("-", fallback or name).strip("-") or "rectify"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(file: EvidenceFile, content: bytes) -> Response:
    """An evidence file as served: its own type, never sniffed, shown inline if an image."""
    return Response(
        content,
        media_type=file.content_type,
        headers={
            "Content-Disposition": content_disposition(file.name, inline=file.is_image),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def attachment(content: bytes, media_type: str, name: str, fallback: str, rows: int) -> Response:
    """`name` is what a clerk sees when saving; `fallback` is its ASCII stand-in; `rows` how
    many rows the file holds (X-Row-Count, also what an inspector's read is recorded with)."""
    disposition = content_disposition(name, fallback)
    headers = {"Content-Disposition": disposition, "X-Row-Count": str(rows)}
    return Response(content, media_type=media_type, headers=headers)


def list_attachment(
    name: str, rows: list[Listed], names: dict[str, str], extension: str
) -> Response:
    """One of the three lists as a file: exactly the rows given, unit codes by their names."""
    write = to_csv if extension == "csv" else to_xlsx
    return attachment(
        write(name, [row.columns() for row in rows], names),
        CSV if extension == "csv" else XLSX,
        f"{FILE_NAMES[name]}.{extension}",
        f"{name}.{extension}",
        len(rows),
    )
