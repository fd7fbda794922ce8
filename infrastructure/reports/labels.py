"""How report cells read in Chinese: status, yes/no, on time or late, codes as names."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.codes import Category, Source, label

STATUS = {
    "logged": "已登记",
    "handed": "待签收",
    "assigned": "整改中",
    "rectified": "已整改",
    "closed": "已销号",
    "withdrawn": "已撤销",
}

EVENT = {
    "Logged": "登记",
    "Assigned": "交办",
    "DeadlineSet": "设定整改时限",
    "Rectified": "整改",
    "Closed": "销号",
    "Escalated": "移交",
    "Reopened": "退回重办",
    "Flagged": "挂牌督办",
    "Unflagged": "取消挂牌",
    "DemandRaised": "提出需求",
    "DemandAnswered": "答复需求",
    "ExtensionRequested": "申请延期",
    "ExtensionDecided": "审批延期申请",
    "CoUnitsNamed": "确定协办单位",
    "CoUnitPartRecorded": "协办单位填报",
    "CoUnitPartWaived": "免于协办",
    "HandedOut": "交办",
    "SignedFor": "签收",
    "SentBack": "退回",
    "PlanRecorded": "整改方案",
    "FixRejected": "验收不通过",
    "FollowedUp": "回访",
    "Withdrawn": "撤销",
    "Reinstated": "恢复办理",
    "TakenOver": "撤并承接",
    "Corrected": "更正登记信息",
}
"""Each event of a problem by what it did, as its history reads on the page and in a dossier."""


def yes_no(value: Any) -> str:
    return "" if value is None else ("是" if value else "否")


def as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def source_name(code: str) -> str:
    return label(Source(code))


def category_name(code: str) -> str:
    return label(Category(code))


def quarter_title(key: str) -> str:
    year, quarter = key.split("Q")
    return f"{year}年第{'一二三四'[int(quarter) - 1]}季度"
