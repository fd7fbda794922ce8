"""What a problem's commands are given: a new problem as found, and a fix as reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.codes import Category, Source, SourceMode
from domain.errors import InvalidValueError
from domain.evidence import EvidenceFile


@dataclass(frozen=True)
class NewProblem:
    """What is known when a problem is written into the ledger (台账)."""

    source: Source
    category: Category
    unit: str
    title: str
    description: str
    found_on: date
    found_by: str
    source_mode: SourceMode | None = None
    demand: str = ""
    activity_id: str = ""
    location: str = ""


@dataclass(frozen=True)
class Fix:
    """A rectification as the unit reports it: measures, result, the day (today when None),
    evidence, and the office's reason when it is entered afterwards (补录)."""

    measures: str
    result: str
    rectified_on: date | None = None
    evidence: tuple[str, ...] = ()
    backdate_reason: str = ""
    files: tuple[EvidenceFile, ...] = ()  # photos and scans, stored by their hash


def mode_of_round(mode: SourceMode | None, level: SourceMode) -> SourceMode:
    """A problem found on an inspection round takes the round's level (明查, 暗访) as its mode;
    another mode named for it is refused."""
    if mode is not None and mode is not level:
        raise InvalidValueError(
            "source_mode", f"the inspection round was a {level.value}, not {mode.value}"
        )
    return level
