"""How report cells read in Chinese: status, yes/no, on time or late, codes as names."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.codes import Category, Source, label

STATUS = {
    "logged": "已登记",
    "handed": "待签收",
    "assigned": "整改中",
    "rectified": "已整改",
    "closed": "已销号",
    "withdrawn": "已撤销",
}


def yes_no(value: Any) -> str:
    return "" if value is None else ("是" if value else "否")


def as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def source_name(code: str) -> str:
    return label(Source(code))


def category_name(code: str) -> str:
    return label(Category(code))


def quarter_title(key: str) -> str:
    year, quarter = key.split("Q")
    return f"{year}年第{'一二三四'[int(quarter) - 1]}季度"
