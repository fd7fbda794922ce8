"""The codes of docs/DOMAIN.md: sources, modes, categories, unit kinds, roles, and their Chinese
names."""

from __future__ import annotations

from enum import Enum

from domain.actor import Role


class Source(Enum):
    """Where a problem was found (来源)."""

    SIT_IN = "sit_in"
    WALK_THROUGH = "walk_through"
    INSPECTION = "inspection"
    REVIEW = "review"


class SourceMode(Enum):
    """How an inspection was made; only inspections carry one."""

    SELF_CHECK = "self_check"
    PATROL = "patrol"
    UNANNOUNCED = "unannounced"


class Category(Enum):
    """What kind of problem it is; each source has its own categories."""

    POLICY = "policy"
    SERVICE = "service"
    SATISFACTION = "satisfaction"
    PROCESS = "process"
    SUPPORTING = "supporting"
    INTERMEDIARY = "intermediary"
    CERTIFICATE = "certificate"
    ENVIRONMENT = "environment"
    EQUIPMENT = "equipment"
    APPEARANCE = "appearance"
    DISCIPLINE = "discipline"
    CONDUCT = "conduct"
    DUTY = "duty"
    COLD = "cold"
    LAZY = "lazy"
    SHIRKING = "shirking"
    DISORDER = "disorder"
    GRAFT = "graft"


class UnitKind(Enum):
    """Key units sit in monthly, other units quarterly; the office coordinates; halls (the centre,
    its branch halls, the street service centres) are inspected and check themselves."""

    KEY = "key"
    OTHER = "other"
    OFFICE = "office"
    HALL = "hall"


CATEGORIES_BY_SOURCE: dict[Source, frozenset[Category]] = {
    Source.SIT_IN: frozenset({Category.POLICY, Category.SERVICE, Category.SATISFACTION}),
    Source.WALK_THROUGH: frozenset(
        {Category.PROCESS, Category.SUPPORTING, Category.INTERMEDIARY, Category.CERTIFICATE}
    ),
    Source.INSPECTION: frozenset(
        {
            Category.ENVIRONMENT,
            Category.EQUIPMENT,
            Category.APPEARANCE,
            Category.DISCIPLINE,
            Category.CONDUCT,
            Category.DUTY,
        }
    ),
    Source.REVIEW: frozenset(
        {Category.COLD, Category.LAZY, Category.SHIRKING, Category.DISORDER, Category.GRAFT}
    ),
}

LABELS: dict[Enum, str] = {
    Source.SIT_IN: "坐诊问效",
    Source.WALK_THROUGH: "局长走流程",
    Source.INSPECTION: "效能督查",
    Source.REVIEW: "好差评/群众评议",
    SourceMode.SELF_CHECK: "自查",
    SourceMode.PATROL: "巡查",
    SourceMode.UNANNOUNCED: "暗访",
    Category.POLICY: "落实改革政策",
    Category.SERVICE: "服务质量",
    Category.SATISFACTION: "群众满意度",
    Category.PROCESS: "事项流程",
    Category.SUPPORTING: "配套服务",
    Category.INTERMEDIARY: "中介服务",
    Category.CERTIFICATE: "证明材料",
    Category.ENVIRONMENT: "环境",
    Category.EQUIPMENT: "设备",
    Category.APPEARANCE: "形象",
    Category.DISCIPLINE: "纪律",
    Category.CONDUCT: "行为",
    Category.DUTY: "履职",
    Category.COLD: "冷",
    Category.LAZY: "懒",
    Category.SHIRKING: "推",
    Category.DISORDER: "乱",
    Category.GRAFT: "贪",
    UnitKind.KEY: "重点单位",
    UnitKind.OTHER: "其他单位",
    UnitKind.OFFICE: "政务服务办",
    UnitKind.HALL: "政务服务大厅",
    Role.OFFICE: "营商办",
    Role.UNIT_LEAD: "单位负责人",
    Role.INSPECTOR: "纪委监委",
    Role.ADMIN: "系统管理员",
}


def label(code: Enum) -> str:
    """The Chinese name shown beside a code."""
    return LABELS.get(code, str(code.value))
