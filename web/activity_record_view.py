"""An activity's stored record as the page shows it: each fact by its Chinese name."""

from __future__ import annotations

from domain.activity_codes import ACTIVITY_LABELS, ServiceKind
from domain.activity_records import InspectionRecord, SitInRecord, WalkThroughRecord
from domain.codes import Category, label

ActivityRecord = SitInRecord | WalkThroughRecord | InspectionRecord


def shown_record(record: ActivityRecord | None) -> list[tuple[str, str]]:
    if isinstance(record, SitInRecord):
        services = "，".join(
            f"{ACTIVITY_LABELS[ServiceKind(k)]}{v}人次" for k, v in record.services.items()
        )
        return [
            ("坐诊时长", ACTIVITY_LABELS[record.length]),
            ("签到—签退", f"{record.signed_in:%H:%M}—{record.signed_out:%H:%M}"),
            ("服务群众", services or "—"),
            ("察看", record.examined or "—"),
        ]
    if isinstance(record, WalkThroughRecord):
        return [
            ("所走事项", record.item),
            ("方式", ACTIVITY_LABELS[record.mode]),
            *[(f"体验：{label(Category(k))}", v or "—") for k, v in record.experiences.items()],
            ("用时", f"{record.minutes_taken}分钟"),
            ("跑动次数", str(record.trips)),
        ]
    if isinstance(record, InspectionRecord):
        return [
            ("督查方式", label(record.level)),
            ("时段", ACTIVITY_LABELS[record.slot] if record.slot else "—"),
            ("督查人员", "、".join(record.inspectors)),
            *[
                (f"查{label(Category(k))}", "合格" if r.passed else f"有问题：{r.note}")
                for k, r in record.checks.items()
            ],
        ]
    return []


def record_values(record: ActivityRecord | None) -> dict[str, str]:
    """The record as its correction form's fields hold it, so a correction changes what is
    wrong and keeps the rest (the inverse of web/activity_details.details)."""
    if isinstance(record, SitInRecord):
        return {
            "length": record.length.value,
            "signed_in": f"{record.signed_in:%H:%M}",
            "signed_out": f"{record.signed_out:%H:%M}",
            "examined": record.examined,
            **{code: str(count) for code, count in record.services.items()},
        }
    if isinstance(record, WalkThroughRecord):
        return {
            "item": record.item,
            "mode": record.mode.value,
            "minutes_taken": str(record.minutes_taken),
            "trips": str(record.trips),
            **{f"experience_{code}": said for code, said in record.experiences.items()},
        }
    if isinstance(record, InspectionRecord):
        return {
            "level": record.level.value,
            "slot": record.slot.value if record.slot else "",
            "inspectors": "\n".join(record.inspectors),
            **{f"check_{k}": "passed" if r.passed else "failed" for k, r in record.checks.items()},
            **{f"note_{code}": result.note for code, result in record.checks.items()},
        }
    return {}
