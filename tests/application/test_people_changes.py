"""A person's account changed by the admin on both stores: moved to another unit or role (their
sessions end, the facts they caused stay theirs), renamed (their sessions stay), disabled and
enabled again; an admin cannot take away their own role or account."""

from __future__ import annotations

from dataclasses import replace

import pytest

from application.people import Account, SignInRefusedError
from domain.actor import Actor, Role
from domain.errors import InvalidTransitionError, InvalidValueError, PermissionDeniedError
from infrastructure.services import Services
from tests.conftest import ADMIN, PASSWORD

LEAD = Account("li.na", "李娜", "civil_affairs", Role.UNIT_LEAD, "0571-1", must_change=False)


def records(services: Services) -> list[tuple[str, str, str | None]]:
    """Each fact's `what`, and the role and unit it names the person with."""
    topics = ["domain.person_record:PersonRecord.Happened"]
    found = services.ledger.recorder.select_notifications(0, 10_000, topics=topics)
    events = [services.ledger.mapper.to_domain_event(n) for n in found]
    return [(e.what, e.person.role.value, e.person.unit) for e in events]  # type: ignore[attr-defined]


@pytest.fixture
def signed_in(services: Services) -> str:
    services.people.add_person(ADMIN, LEAD, PASSWORD)
    _, session, _ = services.people.sign_in("li.na", PASSWORD)
    return session


def test_a_lead_moved_to_another_unit_signs_in_again_under_it(
    services: Services, signed_in: str
) -> None:
    moved = replace(LEAD, unit="transport", display_name="李娜（交通）")
    services.people.change(ADMIN, moved)
    held = services.people.find(ADMIN, "li.na")
    assert held is not None and (held.unit, held.display_name, held.must_change) == (
        "transport",
        "李娜（交通）",
        False,
    )
    assert services.sessions.find(signed_in) is None  # what she may see changed
    account, _, _ = services.people.sign_in("li.na", PASSWORD)  # her password stays
    assert account.actor == Actor("li.na", Role.UNIT_LEAD, "transport")
    assert records(services)[-2] == ("changed", "unit_lead", "transport")


def test_a_new_name_or_phone_keeps_the_sessions(services: Services, signed_in: str) -> None:
    services.people.change(ADMIN, replace(LEAD, phone="0571-2"))
    assert services.sessions.find(signed_in) is not None
    made_office = replace(LEAD, role=Role.OFFICE, unit=None)
    services.people.change(ADMIN, made_office)
    assert services.sessions.find(signed_in) is None
    assert [r for r in records(services) if r[0] == "changed"] == [
        ("changed", "unit_lead", "civil_affairs"),
        ("changed", "office", None),
    ]


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        (replace(LEAD, unit=None), "unit"),
        (replace(LEAD, role=Role.INSPECTOR), "unit"),
        (replace(LEAD, unit="no_such_unit"), "unit"),
        (replace(LEAD, display_name=""), "display_name"),
        (replace(LEAD, display_name="李\u202e娜"), "display_name"),
        (replace(LEAD, phone="1\x00"), "phone"),
    ],
)
def test_a_change_the_add_form_would_refuse_changes_nothing(
    services: Services, signed_in: str, changed: Account, field: str
) -> None:
    with pytest.raises(InvalidValueError) as refused:
        services.people.change(ADMIN, changed)
    assert refused.value.field == field
    assert services.people.find(ADMIN, "li.na") == LEAD
    assert services.sessions.find(signed_in) is not None


def test_a_change_to_what_is_there_or_to_nobody_is_refused(
    services: Services, signed_in: str
) -> None:
    with pytest.raises(InvalidTransitionError, match="nothing to change"):
        services.people.change(ADMIN, LEAD)
    with pytest.raises(InvalidValueError, match="no such person"):
        services.people.change(ADMIN, replace(LEAD, login="nobody"))
    clerk = Actor("office-clerk", Role.OFFICE)
    with pytest.raises(PermissionDeniedError):
        services.people.change(clerk, replace(LEAD, phone="0571-9"))
    with pytest.raises(PermissionDeniedError):
        services.people.enable(clerk, "li.na")
    assert [r[0] for r in records(services)] == ["added", "signed_in"]


def test_a_disabled_account_is_enabled_with_the_password_it_had(
    services: Services, signed_in: str
) -> None:
    services.people.disable(ADMIN, "li.na")
    with pytest.raises(SignInRefusedError):
        services.people.sign_in("li.na", PASSWORD)
    services.people.enable(ADMIN, "li.na")
    account, _, _ = services.people.sign_in("li.na", PASSWORD)
    assert not account.disabled
    with pytest.raises(InvalidTransitionError, match="not disabled"):
        services.people.enable(ADMIN, "li.na")
    assert [r[0] for r in records(services)][-3:] == ["disabled", "enabled", "signed_in"]


def test_an_admin_keeps_their_own_role_and_account(services: Services) -> None:
    me = Account("chen", "陈工", None, Role.ADMIN, must_change=False)
    services.people.add_person(ADMIN, me, PASSWORD)
    chen = me.actor
    with pytest.raises(InvalidValueError, match="another admin"):
        services.people.change(chen, replace(me, role=Role.OFFICE))
    with pytest.raises(InvalidValueError, match="another admin"):
        services.people.disable(chen, "chen")
    services.people.change(chen, replace(me, display_name="陈工程师"))  # a name is theirs
    held = services.people.find(chen, "chen")
    assert held is not None and (held.role, held.display_name) == (Role.ADMIN, "陈工程师")


def test_a_login_taken_meanwhile_is_refused_as_taken_not_as_a_database_fault(
    services: Services,
) -> None:
    """Two admins (or one form sent twice) adding the same login: the store's own check."""
    services.people.store.add(LEAD, PASSWORD)
    with pytest.raises(InvalidValueError, match="login name is taken"):
        services.people.store.add(replace(LEAD, display_name="另一个李娜"), "other-password-1")
    held = services.people.find(ADMIN, "li.na")
    assert held is not None and held.display_name == "李娜"
