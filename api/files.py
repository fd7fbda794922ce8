"""Files handed out by the API: named in Chinese (RFC 6266 `filename*`, RFC 5987 encoding),
with an ASCII name for old clients."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def attachment(content: bytes, media_type: str, name: str, fallback: str, rows: int) -> Response:
    """`name` is what a clerk sees when saving; `fallback` is its ASCII stand-in; `rows` how
    many rows the file holds (X-Row-Count, also what an inspector's read is recorded with)."""
    ascii_name = UNSAFE.sub("-", fallback).strip("-") or "rectify"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    headers = {"Content-Disposition": disposition, "X-Row-Count": str(rows)}
    return Response(content, media_type=media_type, headers=headers)
