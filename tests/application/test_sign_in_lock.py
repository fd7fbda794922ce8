"""Ten wrong passwords lock an account, also when the guesses come all at once: each failure is
counted by the database itself, not read, added to and written back by every guess at the same
time (which let 16 parallel guesses count as one)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from application.people import Account, SignInRefusedError
from domain.actor import Role
from infrastructure.services import Services
from tests.conftest import ADMIN, PASSWORD


def test_guesses_sent_together_still_lock_the_account(services: Services) -> None:
    people = services.people
    people.add_person(ADMIN, Account("li", "李华", "civil_affairs", Role.UNIT_LEAD), PASSWORD)

    def guess(number: int) -> str:
        try:
            people.store.check_password("li", f"guess-{number}")
        except SignInRefusedError as refused:
            return refused.reason
        return "in"

    with ThreadPoolExecutor(max_workers=12) as pool:
        reasons = list(pool.map(guess, range(12)))
    assert "in" not in reasons
    with pytest.raises(SignInRefusedError) as refused:
        people.store.check_password("li", PASSWORD)  # the right one, during the lock
    assert refused.value.reason == "locked"
