"""The three lists' tables (问题清单, 整改清单, 需求清单) and the problem numbering."""

from __future__ import annotations

from projections.base import bools, ints, text
from projections.ports import TableSpec
from projections.problem_rows import NO_CO_UNITS

OPEN_COUNTS: tuple[str, ...] = ("status", "responsible_unit", "flagged", "phase_due_on")
OPEN_COUNTS += ("phase_yellow_on", "due_on", "found_on")
"""What the board's lights and the ranking's open and overdue counts read of open problems."""
LIGHT = "phase_due_on, phase_yellow_on"
"""What `sql_filters.light_is` reads: the open phase's due day and yellow day."""
PROBLEMS = TableSpec(
    "problems",
    text("problem_id")
    + ints("number")
    + text("source", "source_mode", "category", "unit", "responsible_unit", "assignee", "title")
    + text("description", "demand", "found_on", "found_by", "activity_id", "status", "due_on")
    + bools("flagged", "pending_extension")
    + text("rectified_on", "backdate_reason")
    + bools("late")
    + text("closed_on")
    + ints("times_escalated", "times_reopened", "extensions", "demands", "version")
    + text("logged_at", "updated_at")
    + text("co_units", "co_units_waiting")  # ",a,b," so a unit is found by LIKE '%,a,%'
    # the phases' clocks as their events recorded them, and the open phase's (its light)
    + text("due_yellow_on", "sign_due_on", "sign_yellow_on", "plan_due_on", "plan_yellow_on")
    + text("accept_due_on", "accept_yellow_on", "phase", "phase_due_on", "phase_yellow_on")
    + text("plan_measures", "plan_person", "marks")  # marks: late phases, rejected fixes
    + bools("planned")
    + ints("rejections", "sent_back")
    + text("old_number"),  # 原编号 of a problem brought in from the old ledger, else ""
    key=("problem_id",),
    indexes=(
        ("phase", "phase_due_on"),
        ("status", "due_on"),
        ("activity_id",),
        ("phase_due_on",),  # the lights, as ranges of the open phase's due day
        ("flagged", "number"),  # the flagged few, in order
        ("late", "number"),  # fixes after their deadline (整改超期), in order
    ),
    sparse=(("co_units", NO_CO_UNITS),),
    searched=("title", "description", "old_number"),
    # the orders a list is read in (sorting.SORT_KEYS), each also by a unit, a source or a
    # category; the light's days trail each, so a light filter is checked in the index (ADR 34)
    ordered=(
        ("number_order", f"number, {LIGHT}"),
        ("found_order", f"found_on, number, {LIGHT}"),
        ("due_order", f"COALESCE(due_on, '9999-12-31'), number, {LIGHT}"),
        ("unit_order", f"responsible_unit, number, {LIGHT}"),
        ("found_unit_order", f"unit, number, {LIGHT}"),
        ("source_order", f"source, found_on, number, {LIGHT}"),  # a period of one source,
        ("category_order", f"category, found_on, number, {LIGHT}"),  # or category, in order
    ),
    # the board's lights and the ranking's open and overdue, per unit, over open problems only
    covering=(("open_counts", OPEN_COUNTS),),
    few=(("reopened_order", "number", "times_reopened > 0"),),  # the reopened few (退回重办)
    preload="originator",
)
RECTIFICATIONS = TableSpec(
    "rectifications",
    text("problem_id")
    + ints("number")
    + text("unit", "responsible_unit", "assignee", "title", "found_on", "status")
    + text("measures", "result", "evidence", "due_on", "first_due_on", "deadlines")
    + ints("extensions")
    + text("rectified_on", "backdate_reason")
    + bools("late", "closed")
    + text("closed_on", "updated_at", "plan_measures", "plan_person"),
    key=("problem_id",),
    indexes=(("number",), ("responsible_unit",)),
    preload="originator",
)
DEMANDS = TableSpec(
    "demands",
    text("problem_id")
    + ints("number")
    + text("text", "raised_by", "raised_by_unit", "to_unit", "raised_on", "answered_on")
    + bools("met")
    + text("answer", "answered_by"),
    key=("problem_id", "number"),
    indexes=(("to_unit",),),
    preload="originator",
)
SEQUENCE = TableSpec("sequence", text("name") + ints("value"), key=("name",), preload="all")
