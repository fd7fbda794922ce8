"""The roster of people brought in on both stores (ADR 51): every row checked before anyone is
added, each person added as the admin's form adds one with an initial password of their own,
and the same roster again adding nobody twice and changing nobody."""

from __future__ import annotations

import pytest

from application.people import PASSWORD_LETTERS, SignInRefusedError
from application.roster_import import MAX_PEOPLE, Outcome
from domain.actor import Actor, Role
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.sheet_rows import SheetRow
from infrastructure.roster_sheet import read_roster
from infrastructure.services import Services
from tests.conftest import ADMIN
from tests.ledger_files import roster_file

LEAD = {"登录名": "li.na", "姓名": "李娜", "角色": "单位负责人", "所在单位": "区民政局"}
CLERK = {"登录名": "zhou.min", "姓名": "周敏", "角色": "营商办", "电话": "0571-86001234"}
INSPECTOR = {"登录名": "zhao.lei", "姓名": "赵磊", "角色": "纪委监委"}


def added_records(services: Services) -> list[tuple[str, str]]:
    topics = ["domain.person_record:PersonRecord.Happened"]
    found = services.ledger.recorder.select_notifications(0, 10_000, topics=topics)
    events = [services.ledger.mapper.to_domain_event(n) for n in found]
    return [(e.person.name, e.actor.name) for e in events if e.what == "added"]  # type: ignore[attr-defined]


def test_every_person_is_added_with_a_password_of_their_own_to_change_first(
    services: Services,
) -> None:
    rows = read_roster(roster_file(services.units, [LEAD, CLERK, INSPECTOR]))
    results = services.roster_import.run(ADMIN, rows)
    assert [(r.row, r.login, r.outcome) for r in results] == [
        (2, "li.na", Outcome.ADDED),
        (3, "zhou.min", Outcome.ADDED),
        (4, "zhao.lei", Outcome.ADDED),
    ]
    passwords = [r.password for r in results]
    assert len(set(passwords)) == 3
    assert all(len(p) == 12 and set(p) <= set(PASSWORD_LETTERS) for p in passwords)
    account, _, _ = services.people.sign_in("li.na", passwords[0])
    assert (account.display_name, account.role, account.unit) == (
        "李娜",
        Role.UNIT_LEAD,
        "civil_affairs",
    )
    assert account.must_change
    clerk = services.people.find(ADMIN, "zhou.min")
    assert clerk is not None and (clerk.role, clerk.unit, clerk.phone) == (
        Role.OFFICE,
        None,
        "0571-86001234",
    )
    with pytest.raises(SignInRefusedError):  # each password is its own person's
        services.people.sign_in("zhao.lei", passwords[0])
    assert added_records(services) == [(p, ADMIN.name) for p in ("li.na", "zhou.min", "zhao.lei")]


def test_a_check_adds_nobody(services: Services) -> None:
    rows = read_roster(roster_file(services.units, [LEAD, CLERK]))
    results = services.roster_import.check(ADMIN, rows)
    assert [r.outcome for r in results] == [Outcome.READY, Outcome.READY]
    assert all(r.password == "" for r in results)
    assert services.people.find(ADMIN, "li.na") is None and added_records(services) == []


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (LEAD | {"所在单位": None}, "unit", "a unit lead needs a unit"),
        (CLERK | {"登录名": "qian", "所在单位": "区民政局"}, "unit", "a unit lead needs a unit"),
        (LEAD | {"所在单位": "区民政"}, "unit", "unknown unit"),
        (LEAD | {"登录名": "Li Na"}, "login", "starting with a letter"),
        (LEAD | {"登录名": "robot"}, "login", "by a credential"),
        (LEAD | {"角色": "局长"}, "role", "is not a role"),
        (LEAD | {"姓名": '=HYPERLINK("http://x")\u202e'}, "display_name", "character"),
        (CLERK, "login", "another row of the file"),  # zhou.min twice
    ],
)
def test_one_bad_row_adds_nobody_and_is_named_with_its_column(
    services: Services, row: dict[str, object], field: str, words: str
) -> None:
    services.credentials.issue("robot", Role.OFFICE, None)
    rows = read_roster(roster_file(services.units, [CLERK, INSPECTOR, row]))
    results = services.roster_import.run(ADMIN, rows)
    assert [r.outcome for r in results[:2]] == [Outcome.READY, Outcome.READY]
    refused = results[2]
    assert refused.outcome is Outcome.REFUSED and refused.row == 4
    assert refused.error is not None and refused.error.field == field  # type: ignore[attr-defined]
    assert words in str(refused.error)
    assert all(r.password == "" for r in results)
    assert services.people.find(ADMIN, "zhou.min") is None and added_records(services) == []


def test_the_same_roster_again_adds_only_the_new_and_changes_nobody(services: Services) -> None:
    first = services.roster_import.run(
        ADMIN, read_roster(roster_file(services.units, [LEAD, CLERK]))
    )
    moved = LEAD | {"所在单位": "transport"}  # moved since: told, not applied
    again = services.roster_import.run(
        ADMIN, read_roster(roster_file(services.units, [moved, CLERK, INSPECTOR]))
    )
    assert [(r.outcome, r.differs, bool(r.password)) for r in again] == [
        (Outcome.ALREADY, True, False),
        (Outcome.ALREADY, False, False),
        (Outcome.ADDED, False, True),
    ]
    lead = services.people.find(ADMIN, "li.na")
    assert lead is not None and lead.unit == "civil_affairs"
    services.people.sign_in("li.na", first[0].password)  # the first password still holds
    assert [p for p, _ in added_records(services)] == ["li.na", "zhou.min", "zhao.lei"]


def test_only_the_admin_imports_people(services: Services) -> None:
    clerk = Actor("office-clerk", Role.OFFICE, "gov_service")
    rows = read_roster(roster_file(services.units, [LEAD]))
    for act in (services.roster_import.check, services.roster_import.run):
        with pytest.raises(PermissionDeniedError):
            act(clerk, rows)
    assert services.people.find(ADMIN, "li.na") is None


def test_an_empty_or_too_long_roster_is_refused_whole(services: Services) -> None:
    with pytest.raises(InvalidValueError, match="no rows"):
        services.roster_import.check(ADMIN, [])
    many = [
        SheetRow(n, {"login": f"p{n}", "display_name": "甲", "role": "纪委"}) for n in range(2, 203)
    ]
    with pytest.raises(InvalidValueError, match=f"more than {MAX_PEOPLE}"):
        services.roster_import.run(ADMIN, many)
    assert added_records(services) == []
