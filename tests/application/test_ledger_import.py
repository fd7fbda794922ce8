"""The old ledger brought in on both stores (ADR 47): every row checked before any is written,
each new row logged as `log_problem` logs one, and an import of the same rows again, by anyone,
making nothing twice."""

from __future__ import annotations

from datetime import date

import pytest

from application.ledger_import import MAX_ROWS, Outcome
from application.problems import problem_id_for
from domain.actor import Actor, Role
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.ledger_rows import command_id_of
from domain.sheet_rows import SheetRow
from domain.status import Status
from infrastructure.ledger_sheet import read_sheet
from infrastructure.services import Services
from tests.ledger_files import ROW, ledger_file, numbered

OFFICE = Actor("office-clerk", Role.OFFICE, "gov_service")
ANOTHER_CLERK = Actor("office-other", Role.OFFICE, "gov_service")


def test_every_row_becomes_a_problem_handed_to_its_unit_with_its_deadline(
    services: Services,
) -> None:
    transport = ROW | {"原编号": "JT-9", "责任单位": "transport", "整改时限": "2026-12-20"}
    rows = [*numbered(3), transport]
    results = services.ledger_import.run(OFFICE, read_sheet(ledger_file(services.units, rows)))
    assert [(r.row, r.key, r.outcome) for r in results] == [
        (2, "MZ-001", Outcome.IMPORTED),
        (3, "MZ-002", Outcome.IMPORTED),
        (4, "MZ-003", Outcome.IMPORTED),
        (5, "JT-9", Outcome.IMPORTED),
    ]
    problem = services.problems.load(problem_id_for(command_id_of("JT-9")))
    assert problem.id == results[3].problem_id
    assert (problem.unit, problem.found_on, problem.title) == (
        "transport",
        date(2026, 9, 14),
        "窗口要求提供清单外材料",
    )
    assert problem.status is Status.HANDED
    assert problem.due_on == date(2026, 12, 20)
    events = [type(e).__name__ for e in services.ledger.events.get(problem.id)]
    assert events == ["Logged", "HandedOut", "DeadlineSet"]  # its deadline came with it
    first = services.problems.load(results[0].problem_id)  # type: ignore[arg-type]
    assert first.due_on is None and first.unit == "civil_affairs"


def test_importing_the_same_rows_again_by_anyone_makes_nothing_twice(services: Services) -> None:
    content = ledger_file(services.units, numbered(2))
    services.ledger_import.run(OFFICE, read_sheet(content))
    head = services.ledger.head_position()
    more = ledger_file(services.units, numbered(3))
    again = services.ledger_import.run(ANOTHER_CLERK, read_sheet(more))
    assert [r.outcome for r in again] == [Outcome.ALREADY, Outcome.ALREADY, Outcome.IMPORTED]
    assert services.ledger.head_position() > head
    head = services.ledger.head_position()
    assert {r.outcome for r in services.ledger_import.run(OFFICE, read_sheet(more))} == {
        Outcome.ALREADY
    }
    assert services.ledger.head_position() == head


def test_one_bad_row_keeps_the_whole_file_out(services: Services) -> None:
    rows = numbered(3)
    rows[1] = rows[1] | {"类别": "纪律"}  # not a category of 坐诊问效
    rows.append(ROW | {"原编号": "MZ-001"})  # the first row's number again
    rows.append(ROW | {"原编号": "MZ-009", "发现日期": "2027-01-05"})  # after today
    head = services.ledger.head_position()
    results = services.ledger_import.run(OFFICE, read_sheet(ledger_file(services.units, rows)))
    refused = [(r.row, r.error.field) for r in results if r.error is not None]
    assert refused == [(3, "category"), (5, "key"), (6, "found_on")]
    assert [r.outcome for r in results if r.error is None] == [Outcome.READY, Outcome.READY]
    assert all(r.outcome is Outcome.REFUSED for r in results if r.error is not None)
    assert services.ledger.head_position() == head


def test_a_check_writes_nothing_and_says_what_an_import_would_do(services: Services) -> None:
    rows = read_sheet(ledger_file(services.units, numbered(2)))
    head = services.ledger.head_position()
    assert [r.outcome for r in services.ledger_import.check(OFFICE, rows)] == [Outcome.READY] * 2
    assert services.ledger.head_position() == head


def test_only_the_office_brings_a_ledger_in(services: Services) -> None:
    rows = read_sheet(ledger_file(services.units, numbered(1)))
    for actor in (
        Actor("li", Role.UNIT_LEAD, "civil_affairs"),
        Actor("zhao", Role.INSPECTOR),
        Actor("chen", Role.ADMIN),
    ):
        with pytest.raises(PermissionDeniedError):
            services.ledger_import.run(actor, rows)


def test_a_file_of_no_rows_or_too_many_is_refused_whole(services: Services) -> None:
    with pytest.raises(InvalidValueError, match="no rows"):
        services.ledger_import.check(OFFICE, [])
    many = [SheetRow(n, {"key": str(n)}) for n in range(MAX_ROWS + 1)]
    with pytest.raises(InvalidValueError, match=f"more than {MAX_ROWS}"):
        services.ledger_import.check(OFFICE, many)


def test_text_that_looks_like_a_formula_is_stored_as_text(services: Services) -> None:
    rows = [ROW | {"问题": '=HYPERLINK("http://x","点我")', "问题描述": "@SUM(1,2)"}]
    [result] = services.ledger_import.run(OFFICE, read_sheet(ledger_file(services.units, rows)))
    problem = services.problems.load(result.problem_id)  # type: ignore[arg-type]
    assert problem.title == '=HYPERLINK("http://x","点我")'
    assert problem.description == "@SUM(1,2)"


def test_a_formula_is_never_evaluated_only_its_saved_value_read(services: Services) -> None:
    """A formula written by a program was never calculated: it has no saved value to read."""
    rows = [ROW | {"问题": '=HYPERLINK("http://x","点我")'}]
    content = ledger_file(services.units, rows, formulas=True)
    [result] = services.ledger_import.check(OFFICE, read_sheet(content))
    assert result.outcome is Outcome.REFUSED
    assert result.error is not None and result.error.field == "title"


def test_a_row_changed_since_its_import_is_skipped_and_said_to_differ(services: Services) -> None:
    services.ledger_import.run(OFFICE, read_sheet(ledger_file(services.units, numbered(2))))
    rows = numbered(2)
    rows[1] = rows[1] | {"问题": "窗口要求提供清单外材料（已核实）"}
    again = services.ledger_import.run(OFFICE, read_sheet(ledger_file(services.units, rows)))
    assert [(r.outcome, r.changed) for r in again] == [
        (Outcome.ALREADY, False),
        (Outcome.ALREADY, True),
    ]
    kept = services.problems.load(again[1].problem_id)  # type: ignore[arg-type]
    assert kept.title == "窗口要求提供清单外材料" and kept.version == 2  # logged, handed: no more


def test_days_outside_the_service_years_are_refused_by_their_column(services: Services) -> None:
    rows = [
        ROW | {"原编号": "OLD", "发现日期": "1999-12-31"},
        ROW | {"原编号": "FAR", "整改时限": "2100-01-01"},
        ROW | {"原编号": "SERIAL", "发现日期": "99999"},  # no Excel day number: refused
    ]
    results = services.ledger_import.check(OFFICE, read_sheet(ledger_file(services.units, rows)))
    assert [(r.key, r.error.field) for r in results if r.error] == [
        ("OLD", "found_on"),
        ("FAR", "due_on"),
        ("SERIAL", "found_on"),
    ]
