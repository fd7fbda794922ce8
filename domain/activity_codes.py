"""The codes of the activities problems come from: who sat in, how a process was walked, which
slot a hall checked itself in. Their Chinese names sit beside them for the files and lists."""

from __future__ import annotations

from datetime import timedelta
from enum import Enum

from domain.codes import CATEGORIES_BY_SOURCE, Category, Source


class ActivityKind(Enum):
    """The three activities of the seeds; each is also the `source` of the problems it finds."""

    SIT_IN = "sit_in"
    WALK_THROUGH = "walk_through"
    INSPECTION = "inspection"

    @property
    def source(self) -> Source:
        return Source(self.value)


class ActivityStatus(Enum):
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"  # recorded in error, struck out by the office; it counts no more


class LeaderRole(Enum):
    """Seed 000: a unit's head (主要领导) or the deputy in charge (分管领导)."""

    HEAD = "head"
    DEPUTY = "deputy"


class SitInLength(Enum):
    """Seed 000 asks for at least half a day each time."""

    HALF_DAY = "half_day"
    WHOLE_DAY = "whole_day"

    @property
    def minimum(self) -> timedelta:
        """Signed in to signed out: a morning (09:00–12:00) is the shortest half day."""
        return HALF_DAY if self is SitInLength.HALF_DAY else 2 * HALF_DAY


HALF_DAY = timedelta(hours=3)


class ServiceKind(Enum):
    """The three ways a leader serves at the windows (seed 000, 四(一))."""

    GUIDED = "guided"
    STAND_IN = "stand_in"
    ASSISTED = "assisted"


class WalkMode(Enum):
    """How a head walks a process (seed 002)."""

    IN_PERSON = "in_person"
    PROXY = "proxy"
    ACCOMPANYING = "accompanying"
    AT_WINDOW = "at_window"


class Slot(Enum):
    """A hall checks itself three times a day (seed 004): before, during and at the end of work."""

    BEFORE_WORK = "before_work"
    DURING_WORK = "during_work"
    BEFORE_CLOSING = "before_closing"


WALK_EXPERIENCES = CATEGORIES_BY_SOURCE[Source.WALK_THROUGH]
"""The four things a walk-through experiences are the walk-through categories themselves."""

SIX_CHECKS: tuple[Category, ...] = (
    Category.ENVIRONMENT,
    Category.EQUIPMENT,
    Category.APPEARANCE,
    Category.DISCIPLINE,
    Category.CONDUCT,
    Category.DUTY,
)
"""The six checks (六查) of an inspection round, in the seed's order."""

ACTIVITY_LABELS: dict[Enum, str] = {
    ActivityKind.SIT_IN: "坐诊问效",
    ActivityKind.WALK_THROUGH: "局长走流程",
    ActivityKind.INSPECTION: "效能督查",
    ActivityStatus.SCHEDULED: "已备案",
    ActivityStatus.DONE: "已完成",
    ActivityStatus.CANCELLED: "已取消",
    ActivityStatus.WITHDRAWN: "已撤回",
    LeaderRole.HEAD: "主要领导",
    LeaderRole.DEPUTY: "分管领导",
    SitInLength.HALF_DAY: "半天",
    SitInLength.WHOLE_DAY: "全天",
    ServiceKind.GUIDED: "指导办",
    ServiceKind.STAND_IN: "顶岗办",
    ServiceKind.ASSISTED: "帮代办",
    WalkMode.IN_PERSON: "亲身办",
    WalkMode.PROXY: "代理办",
    WalkMode.ACCOMPANYING: "陪同办",
    WalkMode.AT_WINDOW: "坐窗口",
    Slot.BEFORE_WORK: "上班前",
    Slot.DURING_WORK: "上班时",
    Slot.BEFORE_CLOSING: "下班前",
}
