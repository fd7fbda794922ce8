"""Office files are zip archives stamped with the time they were written: fix that stamp, so the
same report generated twice is the same bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime


def fixed_zip(content: bytes, stamp: datetime) -> bytes:
    """Rewrite every entry with the same date, in the same order, with the same compression."""
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()
