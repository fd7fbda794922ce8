"""Bringing a district's existing ledger (历史台账) in at go-live: every row checked first, and
nothing written unless every row passes; each row then logged as `log_problem` logs one.

A row's command id is made of its old number (原编号), so the problem's id is too: a second
import of the same row, by anyone, finds the problem the first one made (ADR 47)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from application.context import CommandContext
from application.errors import ProblemNotFoundError
from application.problems import Problems, problem_id_for
from domain.actor import Actor
from domain.errors import DomainError, InvalidValueError, PermissionDeniedError
from domain.ledger_rows import LedgerEntry, command_id_of, key_text, read_entry
from domain.permissions import imports_ledgers
from domain.sheet_rows import SheetRow

MAX_ROWS = 2_000


class Outcome(Enum):
    READY = "ready"  # checked, not yet written
    IMPORTED = "imported"
    ALREADY = "already"  # a problem made by an earlier import of this row
    REFUSED = "refused"


@dataclass(frozen=True)
class RowResult:
    row: int
    key: str
    outcome: Outcome
    problem_id: UUID | None = None  # once it is in the ledger
    error: DomainError | None = None
    position: int | None = None  # the log position of its write, when this import wrote it
    changed: bool = False  # brought in before, and the row says otherwise now (not applied)
    entry: LedgerEntry | None = None  # what the row says, when it could be read


class LedgerImport:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    @staticmethod
    def check_may(actor: Actor) -> None:
        """Refused before the file is even read."""
        if not imports_ledgers(actor.role):
            raise PermissionDeniedError("only the office brings in an old ledger")

    def check(self, actor: Actor, rows: Sequence[SheetRow]) -> list[RowResult]:
        """Each row as an import would find it, nothing written."""
        return [result for result, _ in self._checked(actor, rows)]

    def run(self, actor: Actor, rows: Sequence[SheetRow]) -> list[RowResult]:
        """Log every new row if no row is refused (else nothing); results in the file's order."""
        checked = self._checked(actor, rows)
        if any(result.outcome is Outcome.REFUSED for result, _ in checked):
            return [result for result, _ in checked]
        results = []
        for result, entry in checked:
            if entry is not None and result.outcome is Outcome.READY:
                ctx = CommandContext(actor, command_id=command_id_of(entry.key))
                view = self.problems.log_problem(ctx, entry.new, due_on=entry.due_on)
                imported, made = Outcome.IMPORTED, view.problem.id
                result = RowResult(
                    entry.row, entry.key, imported, made, position=view.position, entry=entry
                )
            results.append(result)
        return results

    def _checked(
        self, actor: Actor, rows: Sequence[SheetRow]
    ) -> list[tuple[RowResult, LedgerEntry | None]]:
        self.check_may(actor)
        if not rows:
            raise InvalidValueError("file", "has no rows under its header")
        if len(rows) > MAX_ROWS:
            raise InvalidValueError("file", f"has more than {MAX_ROWS} rows")
        units = {key: u.code for u in self.problems.units.list_units() for key in (u.code, u.name)}
        seen: set[str] = set()
        checked: list[tuple[RowResult, LedgerEntry | None]] = []
        for row in rows:
            try:
                entry = read_entry(row, units)
                if entry.key in seen:
                    raise InvalidValueError("key", "is used by another row of the file")
            except InvalidValueError as error:
                refused = RowResult(row.number, key_text(row), Outcome.REFUSED, error=error)
                checked.append((refused, None))
                continue
            seen.add(entry.key)
            checked.append((self._found(actor, entry), entry))
        return checked

    def _found(self, actor: Actor, entry: LedgerEntry) -> RowResult:
        ctx = CommandContext(actor, command_id=command_id_of(entry.key))
        try:
            made = self.problems.load(problem_id_for(ctx.command_id))
        except ProblemNotFoundError:
            pass
        else:
            changed = entry.told_otherwise(made)
            already = Outcome.ALREADY
            return RowResult(entry.row, entry.key, already, made.id, changed=changed, entry=entry)
        try:
            self.problems.check_log(ctx, entry.new, entry.due_on)
        except DomainError as error:
            return RowResult(entry.row, entry.key, Outcome.REFUSED, error=error, entry=entry)
        return RowResult(entry.row, entry.key, Outcome.READY, entry=entry)
