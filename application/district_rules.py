"""The district's rules in force: adopted from the rules file at start (recorded as a fact when
the file changed), and looked up as they stood at any instant for judgements of the past."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, time, timedelta

from application.ledger import Ledger
from application.pipeline import Pipeline
from application.ports import CHINA, Clock
from domain.actor import Actor, Role
from domain.district_rules import DistrictRules
from domain.periods import Period
from domain.recording_time import recording_with
from domain.rules_book import RulesBook, RulesVersion

Parse = Callable[[str], DistrictRules]
"""Text of a rules file → its rules, or an error naming the line (infrastructure/rules_file)."""


class RulesInForce:
    def __init__(self, ledger: Ledger, clock: Clock, parse: Parse, rules: DistrictRules) -> None:
        self.ledger = ledger
        self.clock = clock
        self.parse = parse
        self.pipeline = Pipeline(ledger, clock)
        self._current = rules
        self._parsed: dict[str, DistrictRules] = {}

    def current(self) -> DistrictRules:
        return self._current

    def adopt(self, text: str, source: str, actor: Actor) -> RulesVersion:
        """Make `text` the rules in force; recorded only when it differs from the last version."""
        rules = self.parse(text)
        digest = hashlib.sha256(text.encode()).hexdigest()

        def attempt() -> RulesVersion | None:
            book = self.book()
            with recording_with(self.clock.now):
                book.adopt(digest, text, source, actor)
            return book.versions[-1] if self.pipeline.save(book) else None

        version = self.pipeline.retried(attempt, "rules book")
        self._current = rules
        self._parsed[digest] = rules
        return version

    def at(self, moment: datetime) -> DistrictRules:
        """The rules in force at `moment` (those of today when the book is still empty)."""
        version = self.book().in_force_at(moment)
        if version is None:
            return self._current
        if version.digest not in self._parsed:
            self._parsed[version.digest] = self.parse(version.text)
        return self._parsed[version.digest]

    def history(self) -> list[RulesVersion]:
        return list(self.book().versions)

    def book(self) -> RulesBook:
        return self.pipeline.one_of_a_kind(
            RulesBook.BOOK_ID, lambda: RulesBook.open(Actor("system", Role.ADMIN))
        )


def period_end_instant(period: Period, clock: Clock) -> datetime:
    """The instant a period is judged as of: its last moment (China time), or now while it runs."""
    after = datetime.combine(period.end + timedelta(days=1), time(), CHINA)
    return min(after - timedelta(microseconds=1), clock.now())
