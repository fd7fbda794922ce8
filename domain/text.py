"""What a stored text may hold: NFC Unicode without control characters, and not only blanks.

One definition for every edge (JSON bodies, query parameters, the CLI, the workbench) and every
command, so a character that would stop a projection, break an export or hide a title never
reaches the log."""

from __future__ import annotations

import re
import unicodedata

ALLOWED_CONTROLS = frozenset("\t\n\r")
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u3164\u115f\u1160")


def is_forbidden(char: str) -> bool:
    """C0 and C1 controls (but tab, line feed and carriage return), DEL, and lone surrogates,
    which no UTF-8 file or PostgreSQL text column can hold."""
    code = ord(char)
    if char in ALLOWED_CONTROLS:
        return False
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""is_forbidden as one pattern: every text of a rebuild is checked, at C speed."""


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates: they make a text read otherwise than it is written (a
file `照片\u202egnp.exe` shows as `照片exe.png`); no title, name or reason needs them. The marks
(U+200E, U+200F) stay allowed."""


NONCHARACTERS = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
"""Code points Unicode keeps out of interchange (U+FDD0–U+FDEF, U+FFFE and U+FFFF of each plane):
no XML file, so no .xlsx or .docx, can hold U+FFFE or U+FFFF, and no keyboard types them. The
private use area stays allowed: some rare characters of names are typed there."""


def text_fault(value: str) -> str | None:
    """Why `value` cannot be stored, or None when it can."""
    found = FORBIDDEN.search(value)
    if found is not None:
        return f"contains the control character U+{ord(found.group()):04X}"
    turned = BIDI_CONTROLS.search(value)
    if turned is not None:
        return f"contains the bidirectional control character U+{ord(turned.group()):04X}"
    odd = NONCHARACTERS.search(value)
    if odd is not None:
        return f"contains the noncharacter U+{ord(odd.group()):04X}"
    return None


def is_blank(value: str) -> bool:
    """Nothing a reader could see: spaces of any kind, zero-width and other format characters."""
    return all(
        char.isspace() or char in INVISIBLE or unicodedata.category(char) in ("Cf", "Zs", "Cc")
        for char in value
    )


def normal_text(value: str) -> str:
    """NFC, so the same words typed on two systems compare and search the same; trimmed."""
    return unicodedata.normalize("NFC", value).strip()


def printable(value: str) -> str:
    """For text already in the log from before these rules: each forbidden character becomes
    U+FFFD, so a read model or a file can always hold it and a reader sees where it was."""
    return FORBIDDEN.sub("\ufffd", value)
