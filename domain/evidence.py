"""Evidence files (佐证材料): photos, PDFs and scans, known by the SHA-256 of their bytes. A file
is judged by its content, never its name: only the kinds below are taken."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import InvalidValueError, TooLargeError
from domain.rules import check_text

SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_NAME = 200
KINDS = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


@dataclass(frozen=True)
class EvidenceFile:
    """A file as an event refers to it: its hash puts the bytes under the ledger's chain."""

    sha256: str
    name: str
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def sniff(content: bytes) -> str | None:
    """The kind of file the bytes are (JPEG, PNG, GIF, WebP or PDF), or None."""
    for magic, kind in KINDS:
        if content.startswith(magic):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_upload(name: str, content: bytes, limit: int) -> str:
    """The content type of an acceptable upload; a refusal names what is wrong."""
    check_name(name, "name")
    if not content:
        raise InvalidValueError("file", "is empty")
    if len(content) > limit:
        raise TooLargeError("file", f"is larger than {limit} bytes")
    kind = sniff(content)
    if kind is None:
        raise InvalidValueError(
            "file", "is not a photo (JPEG, PNG, GIF, WebP) or a PDF, whatever its name says"
        )
    return kind


def check_name(name: str, field: str) -> None:
    check_text(field, name)
    if len(name) > MAX_NAME:
        raise InvalidValueError(field, f"is longer than {MAX_NAME} characters")


def check_sha256(value: str, field: str) -> str:
    if not SHA256.match(value):
        raise InvalidValueError(field, "is not a SHA-256 (64 lowercase hex digits)")
    return value
