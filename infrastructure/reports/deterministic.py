"""Office files are zip archives stamped with the time they were written: fix that stamp, so the
same report generated twice is the same bytes."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterable
from datetime import datetime

CORE = "docProps/core.xml"
LOCAL_HEADER = 30  # a zip entry's fixed header, before its name and extra field
PROPERTY_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:)")


def fixed_zip(content: bytes, stamp: datetime) -> bytes:
    """Rewrite every entry with the same date, in the same order, with the same compression.
    A deflated entry's bytes are copied as they are (ADR 36): zipfile deflates at zlib's
    default level, so compressing them again gave the very same stream, at a quarter of the
    time of writing a workbook."""
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = _entry(entry.filename, date_time)
            if entry.filename == CORE or entry.compress_type != zipfile.ZIP_DEFLATED:
                target.writestr(info, _pinned(entry.filename, source.read(entry), stamp))
            else:
                _copy_deflated(target, output, info, entry, content)
    return output.getvalue()


def _copy_deflated(
    target: zipfile.ZipFile,
    output: io.BytesIO,
    info: zipfile.ZipInfo,
    entry: zipfile.ZipInfo,
    content: bytes,
) -> None:
    """What `target.writestr(info, data)` writes for `entry`'s data, from its deflated bytes."""
    start = entry.header_offset
    name_length, extra_length = struct.unpack("<HH", content[start + 26 : start + 30])
    data = start + LOCAL_HEADER + name_length + extra_length
    info.CRC, info.file_size, info.compress_size = entry.CRC, entry.file_size, entry.compress_size
    info.flag_bits = 0
    info.header_offset = output.tell()
    output.write(info.FileHeader(False))
    output.write(content[data : data + entry.compress_size])
    target.start_dir = output.tell()  # where writestr leaves it
    target.filelist.append(info)
    target.NameToInfo[info.filename] = info
    target._didModify = True  # type: ignore[attr-defined]  # so close() writes the directory


def fixed_entries(entries: Iterable[tuple[str, bytes]], stamp: datetime) -> bytes:
    """A zip of `entries` (name, bytes), in their order, each dated `stamp`."""
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(_entry(name, date_time), _pinned(name, data, stamp))
    return output.getvalue()


def _entry(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def _pinned(name: str, data: bytes, stamp: datetime) -> bytes:
    return _pinned_properties(data, stamp) if name == CORE else data


def _pinned_properties(core: bytes, stamp: datetime) -> bytes:
    """openpyxl writes the time of saving as `modified` whatever it was told: pin it."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return PROPERTY_TIME.sub(lambda m: m.group(1) + iso + m.group(3), core)
