"""The rules a district configures (区县规则): how long each phase of a problem may take, when its
light turns yellow, who accepts a fix, how far back a fix may be dated, and which activities each
kind of unit owes. Read from a file by the infrastructure; checked here, key by key, so a bad file
is refused with the key (and, from the loader, the line) at fault."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from domain.calendar import MAX_WORKING_DAYS
from domain.codes import CATEGORIES_BY_SOURCE, Category, Source, UnitKind
from domain.compliance import Requirement, Rule, Window

MAX_LIMIT = 60
"""No phase is given more than this many working days by a rule (an extension is asked for)."""


class Phase(Enum):
    """The clocked phases of a problem (办理环节)."""

    SIGNING = "signing"  # 签收
    PLANNING = "planning"  # 制定整改方案
    RECTIFYING = "rectifying"  # 整改
    ACCEPTING = "accepting"  # 验收


class Acceptor(Enum):
    OFFICE = "office"  # the office accepts every fix
    FINDER = "finder"  # the person who logged it (else the office), e.g. the leader who sat in


@dataclass(frozen=True)
class PhaseLimits:
    """Working days each phase may take; 0 means the same day (立行立改)."""

    sign: int
    plan: int
    rectify: int
    accept: int

    def of(self, phase: Phase) -> int:
        return {
            Phase.SIGNING: self.sign,
            Phase.PLANNING: self.plan,
            Phase.RECTIFYING: self.rectify,
            Phase.ACCEPTING: self.accept,
        }[phase]


@dataclass(frozen=True)
class YellowRule:
    """Yellow from a share of the phase's limit used, or (when set) from a number of working
    days before its end."""

    share: float = 0.7
    working_days_before: int | None = None


@dataclass(frozen=True)
class DistrictRules:
    district: str
    limits: Mapping[str, PhaseLimits]
    yellow: YellowRule = YellowRule()
    acceptor: Acceptor = Acceptor.OFFICE
    units_may_close_own: bool = False
    follow_up_sources: frozenset[Source] = frozenset({Source.REVIEW})
    backdate_working_days: int = 5
    schedules: Mapping[UnitKind, tuple[Requirement, ...]] = field(default_factory=dict)
    submission_due_days: int = 10  # 季度报送 by this day after the quarter ends

    def limits_for(self, source: Source, category: Category) -> PhaseLimits:
        """The most specific entry: `source.category`, then `source`, then `default`."""
        for key in (f"{source.value}.{category.value}", source.value):
            if key in self.limits:
                return self.limits[key]
        return self.limits["default"]

    def requirements(self, kind: UnitKind) -> tuple[Requirement, ...]:
        return self.schedules.get(kind, ())

    def needs_follow_up(self, source: Source) -> bool:
        """回访: the person who complained is asked before the fix is accepted."""
        return source in self.follow_up_sources


class RulesError(ValueError):
    """A rules file that cannot be used; `key` is the dotted path of the entry at fault."""

    def __init__(self, key: tuple[str, ...], message: str) -> None:
        super().__init__(f"{'.'.join(key) or '(file)'}: {message}")
        self.key = key
        self.message = message


WINDOW_NAMES = {
    Window.DAY: "工作日",
    Window.WEEK: "周",
    Window.MONTH: "月",
    Window.QUARTER: "季度",
    Window.HALF: "半年",
    Window.YEAR: "年",
}
RULE_NAMES = {
    Rule.SIT_IN: "领导坐诊",
    Rule.HEAD_SIT_IN: "主要领导坐诊",
    Rule.WALK_THROUGH: "局长走流程",
    Rule.SELF_CHECK: "自检巡查",
    Rule.WEEKLY_REPORT: "报送巡查情况统计表",
    Rule.PATROL: "不打招呼巡查",
}


def rules_from_mapping(data: Mapping[str, Any]) -> DistrictRules:
    """Build the rules from a parsed file, refusing any unknown key or value out of range."""
    _only(
        data,
        (),
        {"district", "lights", "acceptance", "backdating", "limits", "schedules", "submissions"},
    )
    district = data.get("district")
    if not isinstance(district, str) or not district.strip():
        raise RulesError(("district",), "name the district (a non-empty string)")
    return DistrictRules(
        district=district.strip(),
        limits=_limits(_table(data, ("limits",), required=True)),
        yellow=_yellow(_table(data, ("lights",))),
        **_acceptance(_table(data, ("acceptance",))),
        backdate_working_days=_int(
            _table(data, ("backdating",)), ("backdating", "working_days"), 5, 0, MAX_LIMIT
        ),
        schedules=_schedules(_table(data, ("schedules",))),
        submission_due_days=_submission_due_days(_table(data, ("submissions",))),
    )


def _limits(table: Mapping[str, Any]) -> dict[str, PhaseLimits]:
    if "default" not in table:
        raise RulesError(("limits",), "needs a [limits.default] table")
    base = _phase_limits(table["default"], ("limits", "default"), None)
    limits = {"default": base}
    for key in sorted(k for k in table if k != "default"):
        path = ("limits", key)
        source_name, _, category_name = key.partition(".")
        source = _enum(Source, source_name, path, "a source")
        if category_name:
            category = _enum(Category, category_name, path, "a category")
            if category not in CATEGORIES_BY_SOURCE[source]:
                raise RulesError(path, f"{category_name} is not a category of {source_name}")
    for key in sorted(table, key=lambda k: (k.count("."), k)):  # a source before its categories
        if key != "default":
            parent = limits.get(key.partition(".")[0], base)
            limits[key] = _phase_limits(table[key], ("limits", key), parent)
    return limits


def _phase_limits(table: Any, path: tuple[str, ...], parent: PhaseLimits | None) -> PhaseLimits:
    if not isinstance(table, Mapping):
        raise RulesError(path, "must be a table of working days")
    names = ("sign", "plan", "rectify", "accept")
    _only(table, path, set(names))
    values = {}
    for name in names:
        inherited = None if parent is None else getattr(parent, name)
        if name not in table and inherited is None:
            raise RulesError((*path, name), "missing (working days)")
        values[name] = _int(table, (*path, name), inherited or 0, 0, MAX_LIMIT)
    return PhaseLimits(**values)


def _yellow(table: Mapping[str, Any]) -> YellowRule:
    _only(table, ("lights",), {"yellow_share", "yellow_working_days_before"})
    share = table.get("yellow_share", 0.7)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
        raise RulesError(("lights", "yellow_share"), "a share between 0 and 1, e.g. 0.7")
    before = None
    if "yellow_working_days_before" in table:
        before = _int(table, ("lights", "yellow_working_days_before"), 0, 0, MAX_LIMIT)
    return YellowRule(float(share), before)


def _acceptance(table: Mapping[str, Any]) -> dict[str, Any]:
    path = ("acceptance",)
    _only(table, path, {"by", "units_may_close_own", "follow_up_sources"})
    closes = table.get("units_may_close_own", False)
    if not isinstance(closes, bool):
        raise RulesError((*path, "units_may_close_own"), "true or false")
    sources = table.get("follow_up_sources", ["review"])
    if not isinstance(sources, list):
        raise RulesError((*path, "follow_up_sources"), "a list of sources")
    return {
        "acceptor": _enum(Acceptor, table.get("by", "office"), (*path, "by"), "office or finder"),
        "units_may_close_own": closes,
        "follow_up_sources": frozenset(
            _enum(Source, s, (*path, "follow_up_sources"), "a source") for s in sources
        ),
    }


def _schedules(table: Mapping[str, Any]) -> dict[UnitKind, tuple[Requirement, ...]]:
    schedules: dict[UnitKind, tuple[Requirement, ...]] = {}
    for kind_name, rules in table.items():
        path = ("schedules", kind_name)
        kind = _enum(UnitKind, kind_name, path, "a unit kind")
        if not isinstance(rules, Mapping):
            raise RulesError(path, "must be a table of activities")
        schedules[kind] = tuple(
            _requirement(
                rules[name], (*path, name), _enum(Rule, name, (*path, name), "an activity")
            )
            for name in rules
        )
    return schedules


def _requirement(entry: Any, path: tuple[str, ...], rule: Rule) -> Requirement:
    if not isinstance(entry, Mapping):
        raise RulesError(path, 'write { every = "month", times = 1 }')
    _only(entry, path, {"every", "times", "label"})
    window = _enum(Window, entry.get("every"), (*path, "every"), "day, week, month, quarter, …")
    times = _int(entry, (*path, "times"), 1, 1, 100)
    label = entry.get("label", f"{RULE_NAMES[rule]}每{WINDOW_NAMES[window]}不低于{times}次")
    if not isinstance(label, str) or not label.strip():
        raise RulesError((*path, "label"), "a non-empty text")
    return Requirement(rule, window, times, label.strip())


def _table(data: Mapping[str, Any], path: tuple[str, ...], required: bool = False) -> Any:
    value = data.get(path[-1])
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise RulesError(path, "must be a table" if value is not None else "missing")
    return value


def _only(table: Mapping[str, Any], path: tuple[str, ...], allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            raise RulesError((*path, key), f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _submission_due_days(table: Mapping[str, Any]) -> int:
    _only(table, ("submissions",), {"due_days"})
    return _int(table, ("submissions", "due_days"), 10, 1, 60)


def _int(table: Mapping[str, Any], path: tuple[str, ...], default: int, low: int, high: int) -> int:
    value = table.get(path[-1], default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RulesError(path, f"a whole number from {low} to {min(high, MAX_WORKING_DAYS)}")
    return value


def _enum(kind: Any, value: Any, path: tuple[str, ...], what: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise RulesError(path, f"{value!r} is not {what}") from None
