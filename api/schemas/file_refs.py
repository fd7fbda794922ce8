"""A file a record names, as responses show it: what it is and where to GET it."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from domain.evidence import EvidenceFile


class FileRefResponse(BaseModel):
    sha256: str
    name: str
    content_type: str
    size: int
    href: str = Field(description="GET it here (to whoever may read the record)")

    @classmethod
    def listed(cls, files: Iterable[EvidenceFile], base: str) -> list[FileRefResponse]:
        """`base`: the record's files path, e.g. /problems/{id}/files."""
        return [
            cls(
                sha256=f.sha256,
                name=f.name,
                content_type=f.content_type,
                size=f.size,
                href=f"{base}/{f.sha256}",
            )
            for f in files
        ]
