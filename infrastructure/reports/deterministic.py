"""Office files are zip archives stamped with the time they were written: fix that stamp, so the
same report generated twice is the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime

PROPERTY_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:)")


def fixed_zip(content: bytes, stamp: datetime) -> bytes:
    """Rewrite every entry with the same date, in the same order, with the same compression."""
    source = zipfile.ZipFile(io.BytesIO(content))
    return fixed_entries(((e.filename, source.read(e.filename)) for e in source.infolist()), stamp)


def fixed_entries(entries: Iterable[tuple[str, bytes]], stamp: datetime) -> bytes:
    """A zip of `entries` (name, bytes), in their order, each dated `stamp`."""
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            if name == "docProps/core.xml":
                data = _pinned_properties(data, stamp)
            target.writestr(info, data)
    return output.getvalue()


def _pinned_properties(core: bytes, stamp: datetime) -> bytes:
    """openpyxl writes the time of saving as `modified` whatever it was told: pin it."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return PROPERTY_TIME.sub(lambda m: m.group(1) + iso + m.group(3), core)
