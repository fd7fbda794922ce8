"""The monthly bulletin (月通报) or quarterly review (季讲评) as a Word document."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from application.ports import CHINA
from application.submissions import Bulletin
from infrastructure.reports.cells import docx_text
from infrastructure.reports.docx_package import docx_bytes
from infrastructure.reports.docx_report import landscape_a4, table
from infrastructure.reports.labels import quarter_title

RANKING_HEADERS = [
    "名次",
    "单位",
    "逾期未整改",
    "超期整改",
    "未完成",
    "本期发现",
    "按时整改",
    "已销号",
    "签收超时",
    "方案超时",
    "验收不通过",
]


def period_title(key: str) -> str:
    if "Q" in key:
        return f"{quarter_title(key)}问题整改讲评"
    year, month = key.split("-")
    return f"{year}年{int(month)}月问题整改情况通报"


def render_bulletin_docx(bulletin: Bulletin) -> bytes:
    document = Document()
    landscape_a4(document)
    heading = document.add_heading(period_title(bulletin.period.key), 1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cutoff = bulletin.cutoff.astimezone(CHINA)
    document.add_paragraph(
        f"数据截至{cutoff:%Y年%m月%d日%H时%M分}（依据台账第{bulletin.position}条记录，"
        f"链值{bulletin.link}）。"
        "各单位按逾期未整改、超期整改、未完成问题数排名如下。"
    )
    rows = [
        [
            f"{bulletin.ranks[s.unit]}/{bulletin.ranked_units}",
            s.name,
            str(s.overdue),
            str(s.rectified_late),
            str(s.open),
            str(s.found),
            str(s.rectified_on_time),
            str(s.closed),
            str(s.late_signing),
            str(s.late_planning),
            str(s.rejected),
        ]
        for s in bulletin.ranking
    ]
    table(document, RANKING_HEADERS, rows)
    names = {s.unit: s.name for s in bulletin.ranking}
    if bulletin.named:
        document.add_heading("逾期未整改问题较多的单位", 2)
        for unit, problems in bulletin.named.items():
            document.add_paragraph(docx_text(f"{names[unit]}：逾期未整改问题{len(problems)}个。"))
            table(
                document,
                ["编号", "问题", "发现时间", "整改时限"],
                [
                    [
                        str(p.number),
                        p.title,
                        p.found_on.isoformat(),
                        p.due_on.isoformat() if p.due_on else "",
                    ]
                    for p in problems
                ],
            )
    else:
        document.add_paragraph("本期无逾期未整改问题。")
    if bulletin.late_submissions and bulletin.late_submissions[1]:
        quarter, late = bulletin.late_submissions
        document.add_heading("季度报送逾期或未报送的单位", 2)
        document.add_paragraph(
            docx_text(f"{quarter}：" + "、".join(names.get(u, u) for u in late) + "。")
        )
    return docx_bytes(document, heading.text, cutoff.replace(tzinfo=None, microsecond=0))
