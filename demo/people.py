"""Demo people for `make run`: one per role, with a password the demo prints (not to be changed
at first sign-in, so a visitor can look around at once)."""

from __future__ import annotations

from application.context import CommandContext
from application.people import Account, People
from domain.actor import Actor, Role

DEMO_PASSWORD = "rectify-demo-2026"
DEMO_PEOPLE = [
    Account("office.zhang", "张明", None, Role.OFFICE, must_change=False),
    Account("civil.li", "李华", "civil_affairs", Role.UNIT_LEAD, must_change=False),
    Account("transport.wang", "王强", "transport", Role.UNIT_LEAD, must_change=False),
    Account("inspector.zhao", "赵敏", None, Role.INSPECTOR, must_change=False),
    Account("admin.chen", "陈工", None, Role.ADMIN, must_change=False),
]


def demo_people(people: People, admin: Actor) -> list[Account]:
    """Adds the demo people that are missing; returns them all."""
    for account in DEMO_PEOPLE:
        if people.store.find(account.login) is None:
            people.add_person(admin, account, DEMO_PASSWORD)
    return DEMO_PEOPLE


def acting(unit: str | None = None) -> CommandContext:
    """Who the demo records an action as: the office's or the unit's demo person where there is
    one (the timeline then names 张明 or 李华, as it would in use), else the unit's credential."""
    role = Role.OFFICE if unit is None else Role.UNIT_LEAD
    person = next((a for a in DEMO_PEOPLE if a.role is role and a.unit == unit), None)
    return CommandContext(person.actor if person else Actor(f"demo-lead-{unit}", role, unit))
