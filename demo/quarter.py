"""A realistic quarter of problems across the demo units, for a newcomer to see something real."""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from application.district_rules import RulesInForce
from application.ledger import Ledger
from application.problems import Problems
from application.units import Units
from demo.people import acting
from domain.calendar import WorkingCalendar, add_working_days
from domain.codes import CATEGORIES_BY_SOURCE, Category, Source, SourceMode
from domain.errors import CalendarUnknownError, DomainError
from domain.problem_values import Fix, NewProblem
from infrastructure.clock import FixedClock
from infrastructure.rules_file import parse_rules, read_rules

TITLES: dict[Category, list[str]] = {
    Category.POLICY: [
        "窗口要求提供清单外材料",
        "承诺时限未落实，办件超期",
        "“一件事一次办”未按规定执行",
    ],
    Category.SERVICE: ["窗口人员服务态度生硬", "咨询解答不准确，群众多次往返", "工作时间窗口无人"],
    Category.SATISFACTION: ["群众反映预约号难取", "企业反映审批环节多", "群众反映网上办理系统卡顿"],
    Category.PROCESS: [
        "办理环节多于公布流程",
        "实际办理时限超过承诺时限",
        "网办需线下重复提交材料",
    ],
    Category.SUPPORTING: ["咨询热线长时间无人接听", "自助终端故障未及时维修", "导办指引标识不清"],
    Category.INTERMEDIARY: ["中介服务收费不透明", "指定中介机构，限制选择", "中介服务超时"],
    Category.CERTIFICATE: ["要求提供无法开具的证明", "循环证明", "重复提交已共享的证照"],
    Category.ENVIRONMENT: ["大厅卫生死角未清理", "等候区座椅不足"],
    Category.EQUIPMENT: ["叫号机故障", "电脑设备老化影响办件"],
    Category.APPEARANCE: ["工作人员未按规定着装", "未佩戴工作牌"],
    Category.DISCIPLINE: ["上班时间迟到早退", "擅自离岗"],
    Category.CONDUCT: ["上班时间玩手机", "窗口内大声喧哗"],
    Category.DUTY: ["首问负责制落实不到位", "一次性告知不到位"],
    Category.COLD: ["对群众态度冷漠"],
    Category.LAZY: ["推迟受理，拖延办理"],
    Category.SHIRKING: ["推诿扯皮，让群众找其他部门"],
    Category.DISORDER: ["乱收费、乱设门槛"],
    Category.GRAFT: ["吃拿卡要"],
}
FINDERS = {
    Source.SIT_IN: "分管领导坐诊",
    Source.WALK_THROUGH: "局长走流程",
    Source.INSPECTION: "效能督查组",
    Source.REVIEW: "好差评系统",
}
SOURCE_WEIGHTS = {Source.SIT_IN: 4, Source.WALK_THROUGH: 3, Source.INSPECTION: 3, Source.REVIEW: 1}


DUPLICATE_EVERY = 40
"""One problem in forty is logged twice by mistake and withdrawn (撤销); drawing no random
number for it keeps the rest of the quarter as it was."""


@dataclass
class Step:
    due: date
    run: Callable[[], object]


class DemoQuarter:
    """Walks the quarter day by day on a simulated clock, so business dates are realistic."""

    def __init__(
        self,
        ledger: Ledger,
        units: Units,
        calendar: WorkingCalendar,
        end: date,
        seed: int = 2026,
        rules: RulesInForce | None = None,
        until: datetime | None = None,
    ) -> None:
        """`rules`: the district's rules in force (Beibei's shipped file when None); `until`:
        the real now (a day whose noon is after it is not played)."""
        self.until = until
        self.clock = FixedClock(not_after(_noon(end), until))
        rules = rules or RulesInForce(ledger, self.clock, parse_rules, read_rules(None)[2])
        self.problems = Problems(ledger, units, calendar, self.clock, rules)
        self.calendar = calendar
        listed = [u for u in units.list_units() if u.kind.value != "office"]
        self.units = [u.code for u in listed]
        self.names = {u.code: u.name for u in listed}
        self.office = acting()
        self.random = random.Random(seed)
        self.end = end
        self.steps: list[Step] = []
        self.logged = 0

    def run(self, days: int = 91, per_day: float = 1.6) -> int:
        day = self.end - timedelta(days=days - 1)
        logged = 0
        while day <= self.end:
            if self.until is not None and _noon(day) > self.until:
                break
            self.clock.move_to(_noon(day))
            for _ in range(self._poisson(per_day)):
                self._log(day)
                logged += 1
            due_now = [s for s in self.steps if s.due <= day]
            self.steps = [s for s in self.steps if s.due > day]
            for step in due_now:
                with suppress(DomainError):  # a step that no longer fits (reopened meanwhile)
                    step.run()
            day += timedelta(days=1)
        return logged

    def _log(self, day: date) -> None:
        r = self.random
        source = r.choices(list(SOURCE_WEIGHTS), weights=list(SOURCE_WEIGHTS.values()))[0]
        category = r.choice(sorted(CATEGORIES_BY_SOURCE[source], key=lambda c: c.value))
        unit = r.choice(self.units)
        mode = r.choice(list(SourceMode)) if source is Source.INSPECTION else None
        new = NewProblem(
            source=source,
            category=category,
            unit=unit,
            title=r.choice(TITLES[category]),
            description=f"{FINDERS[source]}发现：{r.choice(TITLES[category])}。",
            found_on=day,
            found_by=FINDERS[source],
            source_mode=mode,
            demand="需要相关部门数据共享支持" if r.random() < 0.15 else "",
        )
        pid = self.problems.log_problem(self.office, new).problem.id
        self.logged += 1
        if self.logged % DUPLICATE_EVERY == 0:  # 重复登记: taken back the next working day
            reason = "与同日登记的问题重复，撤销"
            self._later(day, 1, lambda: self.problems.withdraw(self.office, pid, reason))
        lead = acting(unit)
        if r.random() < 0.15:
            self.problems.rectify(lead, pid, Fix("现场立行立改", "已当场整改到位"))
            self._accept_later(day, 1, pid, source)
            return
        if r.random() < 0.05:  # 退回: not this unit's; the office hands it to another
            other = r.choice([u for u in self.units if u != unit])
            self._later(day, 1, lambda: self.problems.send_back(lead, pid, "不属于本单位职责"))
            self._later(day, 2, lambda: self.problems.assign(self.office, pid, other, ""))
            self._later(day, 2, lambda: self._plan_rectification(day, pid, other, source, 2))
            return
        self._plan_rectification(day, pid, unit, source)

    def _plan_rectification(
        self, day: date, pid: UUID, unit: str, source: Source, after: int = 0
    ) -> None:
        r, p, lead = self.random, self.problems, acting(unit)
        signed = after + r.choice([0, 0, 1, 1, 2])  # a few sign late (签收超时)
        self._later(day, signed, lambda: p.sign_for(lead, pid))
        planned = signed + r.choice([0, 1, 2, 4])
        days = r.choice([5, 10])
        self._later(
            day,
            planned,
            lambda: p.record_plan(
                lead, pid, "完善制度、加强培训", f"{self.names[unit]}窗口负责人", working_days=days
            ),
        )
        if r.random() < 0.1:
            p.flag(self.office, pid, True, "群众反映强烈，挂牌督办")
        if r.random() < 0.15:
            other = r.choice([u for u in self.units if u != unit])
            p.raise_demand(lead, pid, "需要对方单位开放数据接口", other)
            asked = acting(other)
            self._later(
                day,
                r.randint(2, 20),
                lambda: p.answer_demand(asked, pid, 1, "已协调开放接口", r.random() < 0.7),
            )
        fix_after = planned + r.randint(1, 14)
        if r.random() < 0.12:  # stalled: still not fixed, long after its deadline (红灯)
            fix_after += 40
        fix = Fix("完善制度、加强培训", "已整改", evidence=("整改照片.jpg",))
        self._later(day, fix_after, lambda: p.rectify(lead, pid, fix))
        if r.random() < 0.08:  # 整改不彻底: rejected, fixed again, then accepted
            self._later(day, fix_after + 1, lambda: p.reject_fix(self.office, pid, "整改不彻底"))
            self._later(day, fix_after + 4, lambda: p.rectify(lead, pid, fix))
            fix_after += 4
        accepted = fix_after + r.randint(1, 5)
        self._accept_later(day, accepted, pid, source)
        if r.random() < 0.05:  # 问题反弹: reopened after the close, fixed and struck off again
            self._later(
                day, accepted + 6, lambda: p.reopen(self.office, pid, "群众再次反映，问题反弹")
            )
            self._later(day, accepted + 9, lambda: p.rectify(lead, pid, fix))
            self._accept_later(day, accepted + 11, pid, source)

    def _accept_later(self, day: date, days: int, pid: UUID, source: Source) -> None:
        """验收销号; a public review's problem is followed up (回访) first."""
        p, satisfied = self.problems, self.random.random() < 0.85
        if source is Source.REVIEW:
            self._later(
                day, days, lambda: p.follow_up(self.office, pid, True, satisfied, "电话回访")
            )
        self._later(day, days, lambda: p.accept(self.office, pid, "整改到位，同意销号"))

    def _later(self, day: date, days: int, run: Callable[[], object]) -> None:
        try:
            due = add_working_days(self.calendar, day, days)
        except CalendarUnknownError:
            due = day + timedelta(days=days * 7 // 5)
        self.steps.append(Step(due, run))

    def _poisson(self, mean: float) -> int:
        count, threshold, product = 0, pow(2.718281828, -mean), self.random.random()
        while product > threshold:
            count += 1
            product *= self.random.random()
        return count


def not_after(instant: datetime, until: datetime | None) -> datetime:
    """The demo's clock never ahead of the real now (`until`)."""
    return instant if until is None else min(instant, until)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(4, 0), tzinfo=UTC)  # 12:00 in China
