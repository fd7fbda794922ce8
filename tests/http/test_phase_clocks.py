"""Phase clocks at their boundaries, on China's real 2026 calendar: a limit that ends on a
holiday, the make-up (调休) Saturdays, the yellow threshold exactly reached by share and by days,
a same-day limit; and through the service, a problem handed out before National Day."""

from __future__ import annotations

from datetime import date, datetime

from application.ports import CHINA
from domain.district_rules import Phase, YellowRule
from domain.phase_clocks import phase_clock, worst_of
from domain.status import Light
from infrastructure.calendar import ChinaWorkingCalendar
from tests.conftest import NEW_PROBLEM, Api

CALENDAR = ChinaWorkingCalendar.from_file(None)
SHARE = YellowRule(0.7)
THREE_BEFORE = YellowRule(0.7, 3)


def lights(clock, days: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    return [clock.light(date.fromisoformat(d)).value for d in days]


def test_a_one_day_limit_before_national_day_ends_after_the_holiday() -> None:
    clock = phase_clock(Phase.SIGNING, date(2026, 9, 30), 1, CALENDAR, SHARE)
    assert clock.due_on == date(2026, 10, 8)  # 1–7 October are holidays
    assert clock.yellow_on == date(2026, 10, 8)  # the one working day is the whole limit
    assert lights(clock, ["2026-10-01", "2026-10-07", "2026-10-08", "2026-10-09"]) == [
        "green",
        "green",
        "yellow",
        "red",
    ]


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    after_holiday = phase_clock(Phase.PLANNING, date(2026, 10, 9), 1, CALENDAR, SHARE)
    assert after_holiday.due_on == date(2026, 10, 10)  # 调休: Saturday 10 October is worked
    spring = phase_clock(Phase.SIGNING, date(2026, 2, 13), 1, CALENDAR, SHARE)
    assert spring.due_on == date(2026, 2, 14)  # and Saturday 14 February, before the festival
    across = phase_clock(Phase.SIGNING, date(2026, 2, 13), 2, CALENDAR, SHARE)
    assert across.due_on == date(2026, 2, 24)  # then nine days off


def test_yellow_from_exactly_seventy_percent_of_the_limit_used() -> None:
    clock = phase_clock(Phase.RECTIFYING, date(2026, 11, 2), 10, CALENDAR, SHARE)
    assert clock.due_on == date(2026, 11, 16)
    assert clock.yellow_on == date(2026, 11, 11)  # the 7th working day of 10
    assert lights(clock, ["2026-11-10", "2026-11-11", "2026-11-16", "2026-11-17"]) == [
        "green",
        "yellow",
        "yellow",
        "red",
    ]
    quarter = phase_clock(Phase.RECTIFYING, date(2026, 11, 2), 4, CALENDAR, YellowRule(0.75))
    assert quarter.yellow_on == date(2026, 11, 5)  # 3 of 4 used: exactly the share


def test_yellow_from_a_number_of_working_days_before_the_end() -> None:
    clock = phase_clock(Phase.RECTIFYING, date(2026, 11, 2), 10, CALENDAR, THREE_BEFORE)
    assert clock.yellow_on == date(2026, 11, 11)  # 12, 13, 16 November left: exactly three
    assert clock.light(date(2026, 11, 10)) is Light.GREEN  # four left
    short = phase_clock(Phase.SIGNING, date(2026, 9, 30), 1, CALENDAR, THREE_BEFORE)
    assert short.yellow_on == date(2026, 9, 30)  # never before the phase began


def test_a_same_day_limit_is_yellow_that_day_and_red_the_next() -> None:
    clock = phase_clock(Phase.RECTIFYING, date(2026, 11, 23), 0, CALENDAR, SHARE)
    assert clock.due_on == clock.yellow_on == date(2026, 11, 23)
    assert lights(clock, ["2026-11-23", "2026-11-24"]) == ["yellow", "red"]


def test_running_clocks_show_the_worst_light() -> None:
    sign = phase_clock(Phase.SIGNING, date(2026, 11, 2), 1, CALENDAR, SHARE)
    deadline = phase_clock(Phase.RECTIFYING, date(2026, 11, 2), 10, CALENDAR, SHARE)
    worst = worst_of([sign, deadline])
    assert worst is not None and worst.due_on == sign.due_on
    assert worst.light(date(2026, 11, 4)) is Light.RED


def test_a_problem_handed_out_before_national_day_is_due_to_be_signed_after_it(
    api: Api,
) -> None:
    api.services.clock.move_to(datetime(2026, 9, 30, 10, tzinfo=CHINA))  # type: ignore[attr-defined]
    created = api.post("office", "/problems", NEW_PROBLEM | {"found_on": "2026-09-29"}).json()
    workflow = created["workflow"]
    assert (workflow["phase"], workflow["phase_due_on"]) == ("signing", "2026-10-08")
    api.services.clock.move_to(datetime(2026, 10, 9, 10, tzinfo=CHINA))  # type: ignore[attr-defined]
    late = api.get("office", f"/problems/{created['id']}").json()
    assert late["light"] == "red"
    signed = api.post("lead", f"/problems/{created['id']}/sign", {}).json()
    assert signed["workflow"]["late_signing"] == 1
    # the plan's clock starts on signing: 3 working days, the make-up Saturday among them
    assert signed["workflow"]["phase_due_on"] == "2026-10-13"
