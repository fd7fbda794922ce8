"""The board's monthly trend as an SVG drawn on the server (no script, no inline style): grouped
bars per month for found, rectified on time, rectified late and overdue at the month's end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SERIES = (
    ("found", "发现"),
    ("rectified_on_time", "按期整改"),
    ("rectified_late", "超期整改"),
    ("overdue", "月末逾期未改"),
)
WIDTH, HEIGHT = 960, 260
LEFT, BOTTOM, TOP = 40, 40, 16


@dataclass(frozen=True)
class Bar:
    series: str
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    months: list[tuple[float, str]]  # label x, month
    ticks: list[tuple[float, int]]  # y, value
    width: int = WIDTH
    height: int = HEIGHT


def chart(trend: list[dict[str, Any]]) -> Chart:
    top = max([max(m[key] for key, _ in SERIES) for m in trend] + [1])
    top = _round_up(top)
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(trend), 1)
    bar = slot * 0.8 / len(SERIES)
    bars, months = [], []
    for index, month in enumerate(trend):
        start = LEFT + index * slot + slot * 0.1
        months.append((start + slot * 0.4, month["month"][2:]))
        for number, (key, name) in enumerate(SERIES):
            height = plot_height * month[key] / top
            bars.append(
                Bar(
                    key,
                    round(start + number * bar, 1),
                    round(TOP + plot_height - height, 1),
                    round(bar * 0.9, 1),
                    round(height, 1),
                    f"{month['month']} {name}：{month[key]}",
                )
            )
    ticks = [(round(TOP + plot_height * (1 - v / top), 1), v) for v in _ticks(top)]
    return Chart(bars, months, ticks)


def _round_up(value: int) -> int:
    """The axis' top: a round number four quarters divide evenly."""
    for top in (4, 8, 12, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000):
        if value <= top:
            return top
    return ((value // 4000) + 1) * 4000


def _ticks(top: int) -> list[int]:
    return [top * i // 4 for i in range(5)]
