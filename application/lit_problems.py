"""Each minute's look at the lit problems (yellow and red phases): their reminders, and the
morning digests. Within one China day a light changes only when its problem does (the clocks
are dates recorded in its events), so the day's first look reads every lit problem and the
looks after it only the problems the log has changed since. A digest the outbox already holds
is not made again (ADR 20, amended)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.utils import get_topic

from application.ledger import Ledger
from application.lists import ListFilter, Lists, every_row
from application.ports import Clock, today_in_china
from application.rows import Listed
from application.units import Units
from domain.actor import Actor, Role
from domain.calendar import WorkingCalendar
from domain.notices import PHASE_LABELS, Audience, Notice, NoticeKind, OpenPhase, phase_notices
from domain.problem import Problem
from domain.reminders import reminds_today

READER = Actor("notifier", Role.OFFICE)
PROBLEM_EVENTS = get_topic(Problem) + "."  # the topics of a problem's events begin so
IDS_A_READ = 500
PAGE = 1_000
DIGEST_LINES = 30


@dataclass(frozen=True)
class Look:
    day: date
    position: int  # the log position the read models had reached when it read them


class LitProblems:
    def __init__(
        self,
        ledger: Ledger,
        lists: Lists,
        units: Units,
        calendar: WorkingCalendar,
        clock: Clock,
    ) -> None:
        self.ledger = ledger
        self.lists = lists
        self.units = units
        self.calendar = calendar
        self.clock = clock

    def look(
        self,
        last: Look | None,
        digest_for: Sequence[Actor],
        known: Callable[[list[str]], set[str]],
    ) -> tuple[list[Notice], Look]:
        """The notices of this look, and the look to give the next one once they are kept.
        `known`: which of some notice keys the outbox holds already."""
        today = today_in_china(self.clock)
        position = self.ledger.head_position()
        if not reminds_today(today, self.calendar):
            return [], Look(today, position)
        changed = None
        if last is not None and last.day == today:
            changed = self.changed(last.position, position)
        first = changed is None
        rows = self.open_phases(position, changed) if first or changed else []
        office = self.units.office_code()
        notices = [n for row in rows for n in phase_notices(row, office, today)]
        chosen = [a for a in digest_for if a.role in (Role.OFFICE, Role.UNIT_LEAD)]
        keys = {digest_key(actor, today): actor for actor in chosen}
        wanting = [keys[key] for key in set(keys) - known(list(keys))]
        if wanting:
            every = rows if first else self.open_phases(position, None)
            notices += [d for actor in wanting if (d := digest_of(actor, every, today))]
        return notices, Look(today, position)

    def changed(self, after: int, upto: int) -> list[str]:
        """The problems with events after `after`, up to `upto`, in the log."""
        found: dict[str, None] = {}
        while after < upto:
            page = self.ledger.recorder.select_notifications(
                start=after, limit=PAGE, stop=upto, inclusive_of_start=False
            )
            if not page:
                break
            found.update((str(n.originator_id), None) for n in page if _of_problem(n.topic))
            after = page[-1].id
        return list(found)

    def open_phases(self, position: int, problem_ids: list[str] | None) -> list[OpenPhase]:
        """The lit problems (all, or of `problem_ids`), once the lists hold `position`."""
        batches: list[tuple[str, ...] | None] = [None]
        if problem_ids is not None:
            batches = [
                tuple(problem_ids[i : i + IDS_A_READ])
                for i in range(0, len(problem_ids), IDS_A_READ)
            ]
        found: list[OpenPhase] = []
        for ids in batches:
            for light in ("red", "yellow"):
                f = ListFilter(light=light, problem_ids=ids)

                def read(cursor: str | None, limit: int, f: ListFilter = f) -> Any:
                    return self.lists.problems(READER, f, cursor, limit)

                first = self.lists.problems(READER, f, None, 500, min_position=position)
                found += [phase for listed in every_row(read, first) if (phase := _open(listed))]
        return found


def _of_problem(topic: str) -> bool:
    return topic.startswith(PROBLEM_EVENTS)


def _open(listed: Listed) -> OpenPhase | None:
    row = listed.problem
    due = row.phase_due_on or row.due_on
    if row.phase is None or due is None:
        return None
    return OpenPhase(
        row.problem_id, row.number, row.title, row.responsible_unit, row.phase, due, listed.light
    )


def digest_key(actor: Actor, today: date) -> str:
    return f"{NoticeKind.DIGEST}:{actor.name}:{today.isoformat()}"


def digest_of(actor: Actor, rows: list[OpenPhase], today: date) -> Notice | None:
    """One morning message instead of single ones: what is overdue, then what is due soon."""
    mine = [r for r in rows if actor.role is not Role.UNIT_LEAD or r.unit == actor.unit]
    if not mine:
        return None
    red = sum(r.light == "red" for r in mine)
    yellow = len(mine) - red
    ordered = sorted(mine, key=lambda r: (r.light != "red", r.due_on, r.number))
    lines = [
        f"- {'【超期】' if r.light == 'red' else '【将到期】'}第{r.number}号「{r.title[:30]}」"
        f"{PHASE_LABELS.get(r.phase, r.phase)}期限 {r.due_on.isoformat()}"
        for r in ordered[:DIGEST_LINES]
    ]
    if len(ordered) > DIGEST_LINES:
        lines.append(f"……另有 {len(ordered) - DIGEST_LINES} 件，请登录工作台查看。")
    kind = NoticeKind.DIGEST
    return Notice(
        digest_key(actor, today),
        kind,
        Audience(actor.role, actor.unit if actor.role is Role.UNIT_LEAD else None, actor.name),
        f"{today.isoformat()} 待办汇总：已超期 {red} 件，即将到期 {yellow} 件",
        "\n".join(lines),
        "/workbench",
        today,
    )
