"""更正: the office puts a problem's record right (a mistyped title, a wrong category), with its
reason. Only its words and its category: where, when and how it was found are what its clocks,
its unit's counts and its activity rest on, and stay as logged."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from domain.actions import WHEN, Action
from domain.codes import Category, Source
from domain.commanded import CommandedEvent, Stamp
from domain.errors import InvalidTransitionError
from domain.rules import check_category_fits_source, check_text
from domain.status import Status
from domain.text import normal_text

if TYPE_CHECKING:
    from domain.problem import Problem


@dataclass(frozen=True)
class Correction:
    """The record as it should read: every correctable field, whether changed or not."""

    title: str
    description: str
    category: Category
    found_by: str
    location: str = ""

    def normal(self) -> Correction:
        words = {f: normal_text(getattr(self, f)) for f in WORDS}
        return Correction(category=self.category, **words)


WORDS = ("title", "description", "found_by", "location")


def record_of(problem: Any) -> Correction:
    """The record as it reads now."""
    return Correction(**{f.name: getattr(problem, f.name) for f in fields(Correction)})


class CorrectionEvents:
    """Mixed into `Problem`, so this is `Problem.Corrected`."""

    class Corrected(CommandedEvent):
        title: str
        description: str
        category: Category
        found_by: str
        location: str
        reason: str

        def apply_to(self, problem: Problem) -> None:
            for name in (*WORDS, "category"):
                setattr(problem, name, getattr(self, name))


class CorrectionCommands:
    """Mixed into `Problem`; what it reads of it is declared for the type checker only."""

    if TYPE_CHECKING:
        source: Source
        status: Status
        Corrected: Any

        def check_status(self, action: str, *allowed: Status) -> None: ...

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    def correct(self, to: Correction, reason: str, stamp: Stamp) -> None:
        self.check_status("correct", *WHEN[Action.CORRECT])
        check_category_fits_source(self.source, to.category)
        for name in ("title", "description", "found_by"):
            check_text(name, getattr(to, name))
        check_text("location", to.location, required=False)
        check_text("reason", reason)
        corrected = to.normal()
        if corrected == record_of(self):
            raise InvalidTransitionError("nothing to correct: the record already reads so")
        self.trigger_event(
            self.Corrected,
            **{f.name: getattr(corrected, f.name) for f in fields(Correction)},
            reason=normal_text(reason),
            **stamp.fields,
        )
