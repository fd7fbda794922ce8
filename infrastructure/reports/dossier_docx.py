"""A problem's dossier (问题档案) as a Word document: its record, its fix, its demands and
files, and every event of its history, as of one version (application/dossier.py)."""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from application.dossier import Dossier
from application.ports import CHINA
from domain.codes import label
from domain.records import Demand
from infrastructure.reports.cells import docx_text
from infrastructure.reports.docx_package import docx_bytes
from infrastructure.reports.docx_report import table
from infrastructure.reports.labels import EVENT, STATUS, category_name, source_name, yes_no

DETAILS = ("reason", "note", "text", "answer", "measures", "result")
"""The words an event carries, the first one it has: what the history's 说明 column shows."""
UNITS = ("to_unit", "unit")


def render_dossier_docx(dossier: Dossier) -> bytes:
    problem, names = dossier.problem, dossier.unit_names
    stamp = dossier.stamp.astimezone(CHINA)
    document = Document()
    heading = document.add_heading("问题档案", 1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(docx_text(problem.title))
    table(document, ["项目", "内容"], _record(dossier))
    fix = problem.rectification
    if fix is not None:
        document.add_heading("整改情况", 2)
        rows = [
            ["整改措施", fix.measures],
            ["整改结果", fix.result],
            ["完成日期", fix.rectified_on.isoformat()],
            ["超期整改", yes_no(fix.late)],
            ["佐证材料", "；".join(fix.evidence)],
        ]
        table(document, ["项目", "内容"], rows)
    if problem.demands:
        document.add_heading("需求", 2)
        rows = [_demand(d, names) for d in problem.demands.values()]
        table(document, ["序号", "需求", "对接单位", "提出日期", "答复", "是否满足"], rows)
    files = list(problem.files) + list(fix.files if fix else ())
    if files:
        document.add_heading("附件（文件名与SHA-256校验值）", 2)
        table(document, ["文件名", "SHA-256"], [[f.name, f.sha256] for f in files])
    document.add_heading("办理过程", 2)
    table(
        document, ["记录", "时间", "操作", "操作人", "单位", "业务日期", "说明"], _history(dossier)
    )
    document.add_paragraph(
        f"本档案依据整改通台账生成，截至该问题第{problem.version}条记录"
        f"（{stamp:%Y年%m月%d日%H时%M分}）；依据同一条记录再次生成，内容相同。"
    )
    return docx_bytes(
        document, f"问题档案：{docx_text(problem.title)[:60]}", stamp.replace(tzinfo=None)
    )


def _record(dossier: Dossier) -> list[list[Any]]:
    problem, names = dossier.problem, dossier.unit_names
    co_units = "、".join(names.get(u, u) for u in problem.co_units)
    return [
        ["编号", f"第{dossier.number}号" if dossier.number else ""],
        ["问题标识", str(problem.id)],
        ["状态", STATUS.get(problem.status.value, problem.status.value)],
        ["来源", source_name(problem.source.value)],
        ["问题类别", category_name(problem.category.value)],
        ["发现单位", names.get(problem.unit, problem.unit)],
        ["责任单位", names.get(problem.responsible_unit, problem.responsible_unit)],
        ["协办单位", co_units],
        ["发现时间", problem.found_on.isoformat()],
        ["发现人", problem.found_by],
        ["地点", problem.location],
        ["登记人", _actor(problem.logged_by)],
        ["整改时限", problem.due_on.isoformat() if problem.due_on else "未设"],
        ["挂牌督办", yes_no(problem.flagged)],
        ["问题描述", problem.description],
    ]


def _demand(demand: Demand, names: dict[str, str]) -> list[Any]:
    unit = names.get(demand.to_unit, demand.to_unit)
    answer = demand.answer or "待答复"
    return [demand.number, demand.text, unit, demand.raised_on, answer, yes_no(demand.met)]


def _history(dossier: Dossier) -> list[list[Any]]:
    rows = []
    for entry in dossier.history:
        detail = next((v for k in DETAILS if isinstance(v := entry.data.get(k), str) and v), "")
        unit = next((v for k in UNITS if isinstance(v := entry.data.get(k), str) and v), "")
        rows.append(
            [
                entry.version,
                f"{entry.recorded_at.astimezone(CHINA):%Y-%m-%d %H:%M}",
                EVENT.get(entry.type, entry.type),
                _actor(entry.actor),
                dossier.unit_names.get(unit, unit),
                entry.business_date.isoformat() if entry.business_date else "",
                detail,
            ]
        )
    return rows


def _actor(actor: Any) -> str:
    return f"{actor.name}（{label(actor.role)}）"
