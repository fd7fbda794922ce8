"""The orders a list can be read in, and keyset paging over each: a cursor holds the last row's
keys, so a page never skips or repeats a row while others are being written."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidValueError

SORT_KEYS = {
    "number": "p.number",
    "found_on": "p.found_on",
    "due_on": "COALESCE(p.due_on, '9999-12-31')",  # no deadline sorts after every deadline
    "unit": "p.responsible_unit",
}
"""The useful columns a list is sorted by (then by number, so the order is total)."""


@dataclass(frozen=True)
class Order:
    """ORDER BY and the keyset condition after a cursor's row, for one sort."""

    sort: str
    descending: bool
    by_demand: bool

    def expressions(self) -> list[str]:
        first = [] if self.sort == "number" else [SORT_KEYS[self.sort]]
        return first + ["p.number"] + (["x.number"] if self.by_demand else [])

    def order_by(self) -> str:
        direction = " DESC" if self.descending else ""
        return ", ".join(f"{e}{direction}" for e in self.expressions())

    def selected(self) -> str:
        """The order's expressions as output columns `_o0, _o1, …` (for a union's order)."""
        return ", ".join(f"{e} AS _o{i}" for i, e in enumerate(self.expressions()))

    def order_by_selected(self) -> str:
        direction = " DESC" if self.descending else ""
        return ", ".join(f"_o{i}{direction}" for i in range(len(self.expressions())))

    def after(self, keys: list[Any]) -> tuple[str, list[Any]]:
        """(e1, e2, …) after (k1, k2, …) in this order, spelled out for both stores."""
        op = "<" if self.descending else ">"
        clause, params = "", list[Any]()
        for expression, key in reversed(list(zip(self.expressions(), keys, strict=True))):
            if clause:
                clause = f"({expression} {op} %s OR ({expression} = %s AND {clause}))"
                params = [key, key, *params]
            else:
                clause, params = f"{expression} {op} %s", [key]
        return clause, params

    def cursor(self, keys: list[Any]) -> str:
        tagged = keys if self._plain else [self.tag, *keys]
        return base64.urlsafe_b64encode(json.dumps(tagged).encode()).decode().rstrip("=")

    def decode(self, cursor: str | None) -> list[Any] | None:
        """The keys of the last row a page gave out; any other text is a 422."""
        if not cursor:
            return None
        try:
            keys = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        except ValueError:
            raise _not_ours() from None
        if not isinstance(keys, list):
            raise _not_ours()
        if not self._plain:
            if not keys or keys[0] != self.tag:
                raise _not_ours()
            keys = keys[1:]
        numbers = keys if self.sort == "number" else keys[1:]
        if self.sort != "number" and not (keys and _text(keys[0])):
            raise _not_ours()
        if len(keys) != len(self.expressions()) or not all(_number(k) for k in numbers):
            raise _not_ours()
        return keys

    @property
    def _plain(self) -> bool:
        """Number order, ascending: the cursors the API has always given out."""
        return self.sort == "number" and not self.descending

    @property
    def tag(self) -> str:
        return f"{'-' if self.descending else ''}{self.sort}"


def order_of(sort: str, by_demand: bool) -> Order:
    descending = sort.startswith("-")
    name = sort.removeprefix("-")
    if name not in SORT_KEYS:
        raise InvalidValueError("sort", f"sort by one of {', '.join(SORT_KEYS)} (- for descending)")
    return Order(name, descending, by_demand)


def _number(key: Any) -> bool:
    """Both stores keep 64-bit integers; SQLite raises OverflowError past them."""
    return isinstance(key, int) and not isinstance(key, bool) and -(2**63) <= key < 2**63


def _text(key: Any) -> bool:
    return isinstance(key, str) and len(key) <= 100 and "\x00" not in key


def _not_ours() -> InvalidValueError:
    return InvalidValueError("cursor", "not a cursor this list gave out")
