"""The admin's people list narrowed (a district has a hundred people or more after its roster
is brought in): by unit, role, state and words of the login or the name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.actor import Role

if TYPE_CHECKING:
    from application.people import Account

STATES = ("active", "must_change", "disabled")


@dataclass(frozen=True)
class PeopleFilter:
    """The admin's people list narrowed: a unit, a role, a state (active, must_change,
    disabled), and words found in the login or the name."""

    unit: str = ""
    role: Role | None = None
    state: str = ""
    words: str = ""

    def picks(self, account: Account) -> bool:
        state = "disabled" if account.disabled else "must_change" if account.must_change else ""
        words = self.words.strip().casefold()
        return (
            (not self.unit or account.unit == self.unit)
            and (self.role is None or account.role is self.role)
            and (not self.state or (state or "active") == self.state)
            and (not words or words in f"{account.login} {account.display_name}".casefold())
        )
