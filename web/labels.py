"""Every code the workbench shows, by its Chinese name: one table for the pages."""

from __future__ import annotations

from domain.actor import Role
from domain.codes import Category, Source, label
from domain.units import Unit
from infrastructure.reports.labels import EVENT as EVENT  # one table for pages and files
from infrastructure.reports.labels import STATUS as STATUS

PHASE = {
    "signing": "待签收",
    "planning": "制定整改方案",
    "rectifying": "整改",
    "accepting": "待验收",
}
LIGHT = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "none": "—"}
ROLE = {r: label(r) for r in Role}
SIGN_IN_REFUSED = {
    "wrong": "登录名或密码不正确。",
    "locked": "密码错误次数过多，账户已锁定，请15分钟后再试。",
    "disabled": "该账户已停用，请联系系统管理员。",
}
FIELD_ERRORS = {
    "new_password": "新密码至少10个字符，且不能与原密码相同。",
    "password": "密码至少10个字符。",
}
SOURCE = {s.value: label(s) for s in Source}
CATEGORY = {c.value: label(c) for c in Category}
NEED = {
    "assign": "交办",
    "set_deadline": "设定时限",
    "check": "验收销号",
    "sign": "签收或退回",
    "plan": "制定整改方案",
    "extension": "审批延期申请",
    "co_unit": "协办：填报本单位工作",
    "supervise": "督办",
    "rectify": "整改",
    "close": "销号",
    "answer": "答复需求",
    "record": "填报活动记录",
    "sheet": "交工作记录表",
    "file": "坐诊备案",
}


def unit_option(unit: Unit) -> tuple[str, str]:
    """A unit as a filter offers it: a merged one (撤并) still finds its past, marked so."""
    return unit.code, unit.name if unit.serving else f"{unit.name}（已撤并）"
