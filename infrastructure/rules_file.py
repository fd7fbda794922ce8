"""The district's rules file (TOML): read, checked, and refused with the line at fault, so a bad
file stops the service at start with a message an operator can act on."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from domain.district_rules import DistrictRules, RulesError, rules_from_mapping

SHIPPED = Path(__file__).parent / "data" / "rules" / "beibei.toml"
"""The demo's rules: Beibei district's (北碚区), see the file's comments for their sources."""

_HEADER = re.compile(r"^\s*\[\[?([^\]]+)\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*("[^"]*"|[A-Za-z0-9_-]+)\s*=')
_PART = re.compile(r'"([^"]*)"|([A-Za-z0-9_-]+)')


class RulesFileError(ValueError):
    """A rules file the service cannot start with; the message names the file and the line."""


def read_rules(path: Path | None) -> tuple[str, str, DistrictRules]:
    """The text, where it came from, and the rules of `path` (the shipped file when None)."""
    source = path or SHIPPED
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RulesFileError(f"{source}: cannot be read as UTF-8 text ({error})") from None
    return text, str(source), parse_rules(text, str(source))


def parse_rules(text: str, name: str = "rules") -> DistrictRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesFileError(f"{name}: not valid TOML: {error}") from None
    try:
        return rules_from_mapping(data)
    except RulesError as error:
        line = line_of(text, error.key)
        where = f"{name}, line {line}" if line else name
        raise RulesFileError(f"{where}: {error}") from None


def line_of(text: str, key: tuple[str, ...]) -> int | None:
    """The line that writes the deepest part of `key` the text holds (a table header or a key)."""
    table: tuple[str, ...] = ()
    best, best_depth = None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _parts(header.group(1))
            here = table
        else:
            match = _KEY.match(line)
            if not match:
                continue
            here = (*table, *_parts(match.group(1)))
        depth = len(here)
        if depth > best_depth and key[:depth] == here:
            best, best_depth = number, depth
    return best


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(quoted or bare for quoted, bare in _PART.findall(dotted))
