"""The activity rules at their boundaries: last day of a month or quarter, a half-year without a
walk-through, three self-check slots a working day, the weekly report's Friday 16:00."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from domain.codes import UnitKind
from domain.compliance import Requirement, Rule, WindowStatus, evaluate
from domain.periods import parse_long_period
from domain.weekly_report import CHINA_TIME, on_time
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.rules_file import read_rules

REQUIREMENTS = {kind: read_rules(None)[2].requirements(kind) for kind in UnitKind}
"""Beibei's schedules, as the shipped rules file writes them."""

CALENDAR = ChinaWorkingCalendar.from_file(None)


def rule(kind: UnitKind, which: Rule) -> Requirement:
    return next(r for r in REQUIREMENTS[kind] if r.rule is which)


def statuses(result_windows: object) -> list[tuple[str, str]]:
    return [(w.key, w.status.value) for w in result_windows]  # type: ignore[attr-defined]


def test_a_sit_in_on_the_last_day_of_the_month_fills_that_month() -> None:
    monthly = rule(UnitKind.KEY, Rule.SIT_IN)
    q3 = parse_long_period("2026Q3")
    done = {date(2026, 7, 15): 1, date(2026, 8, 31): 1, date(2026, 9, 30): 1}
    result = evaluate(monthly, q3, done, date(2026, 11, 23), CALENDAR)
    assert statuses(result.windows) == [
        ("2026-07", "met"),
        ("2026-08", "met"),
        ("2026-09", "met"),
    ]
    moved = {date(2026, 7, 15): 1, date(2026, 10, 1): 1}  # one day late: October's, not September's
    result = evaluate(monthly, q3, moved, date(2026, 11, 23), CALENDAR)
    assert statuses(result.windows) == [
        ("2026-07", "met"),
        ("2026-08", "missed"),
        ("2026-09", "missed"),
    ]
    assert result.behind


def test_a_window_is_open_on_its_last_day_and_missed_the_day_after() -> None:
    monthly = rule(UnitKind.KEY, Rule.SIT_IN)
    september = parse_long_period("2026-09")
    on_the_day = evaluate(monthly, september, {}, date(2026, 9, 30), CALENDAR)
    assert statuses(on_the_day.windows) == [("2026-09", "open")] and not on_the_day.behind
    after = evaluate(monthly, september, {}, date(2026, 10, 1), CALENDAR)
    assert statuses(after.windows) == [("2026-09", "missed")] and after.behind


def test_an_other_units_quarter_is_filled_by_a_sit_in_on_its_last_day_only() -> None:
    quarterly = rule(UnitKind.OTHER, Rule.SIT_IN)
    year = parse_long_period("2026")
    done = {date(2026, 3, 31): 1, date(2026, 7, 1): 1, date(2026, 9, 30): 1}
    result = evaluate(quarterly, year, done, date(2026, 11, 23), CALENDAR)
    assert statuses(result.windows) == [
        ("2026Q1", "met"),
        ("2026Q2", "missed"),
        ("2026Q3", "met"),
        ("2026Q4", "open"),
    ]
    assert [w.done for w in result.windows] == [1, 0, 2, 0]


def test_a_half_year_without_a_walk_through_is_missed_once_it_is_over() -> None:
    walks = rule(UnitKind.OTHER, Rule.WALK_THROUGH)
    year = parse_long_period("2026")
    result = evaluate(walks, year, {date(2026, 7, 3): 1}, date(2026, 11, 23), CALENDAR)
    assert statuses(result.windows) == [("2026H1", "missed"), ("2026H2", "met")]
    none_yet = evaluate(walks, year, {}, date(2026, 11, 23), CALENDAR)
    assert statuses(none_yet.windows) == [("2026H1", "missed"), ("2026H2", "open")]


def test_a_quarter_report_counts_the_whole_half_year_window_it_overlaps() -> None:
    """A head's sit-in in July fills the key unit's H2 even when the report is for Q4."""
    heads = rule(UnitKind.KEY, Rule.HEAD_SIT_IN)
    q4 = parse_long_period("2026Q4")
    result = evaluate(heads, q4, {date(2026, 7, 20): 1}, date(2026, 11, 23), CALENDAR)
    assert statuses(result.windows) == [("2026H2", "met")]
    assert result.windows[0].first == date(2026, 7, 1)
    assert result.windows[0].last == date(2026, 12, 31)


def test_self_checks_need_three_slots_on_each_working_day_only() -> None:
    checks = rule(UnitKind.HALL, Rule.SELF_CHECK)
    week = parse_long_period("2026-10")  # National Day: 1–8 October are off
    done = {date(2026, 10, 9): 3, date(2026, 10, 12): 2}
    result = evaluate(checks, week, done, date(2026, 10, 13), CALENDAR)
    by_day = {w.key: w.status for w in result.windows}
    assert "2026-10-01" not in by_day and "2026-10-10" in by_day  # 10 Oct: a make-up Saturday
    assert "2026-10-11" not in by_day  # a Sunday
    assert by_day["2026-10-09"] is WindowStatus.MET
    assert by_day["2026-10-12"] is WindowStatus.MISSED  # two slots of three
    assert by_day["2026-10-13"] is WindowStatus.OPEN  # today
    assert by_day["2026-10-14"] is WindowStatus.OPEN


def test_a_weekly_report_is_due_on_friday_at_16_00_china_time() -> None:
    monday = date(2026, 11, 16)
    due = datetime.combine(date(2026, 11, 20), time(16), tzinfo=CHINA_TIME)
    assert on_time(monday, due)
    assert not on_time(monday, due + timedelta(seconds=1))
    weekly = rule(UnitKind.HALL, Rule.WEEKLY_REPORT)
    week = parse_long_period("2026-11")
    friday = evaluate(weekly, week, {}, date(2026, 11, 20), CALENDAR)
    saturday = evaluate(weekly, week, {}, date(2026, 11, 21), CALENDAR)
    w47_on_friday = next(w for w in friday.windows if w.key == "2026-W47")
    w47_on_saturday = next(w for w in saturday.windows if w.key == "2026-W47")
    assert w47_on_friday.status is WindowStatus.OPEN
    assert w47_on_saturday.status is WindowStatus.MISSED


@pytest.mark.parametrize("text", ["2026H3", "2026-13", "26", "2026Q5", "1999"])
def test_a_malformed_compliance_period_is_refused(text: str) -> None:
    from domain.errors import InvalidValueError

    with pytest.raises(InvalidValueError):
        parse_long_period(text)
