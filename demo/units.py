"""Beibei District's units of 2022 (seed 000): 7 key units, 17 other units, the office, and three
halls (the centre, a branch hall, a street centre) that inspect themselves (seed 004)."""

from __future__ import annotations

from application.units import Units
from domain.actor import Actor
from domain.codes import UnitKind
from domain.units import Unit

OFFICE = ("gov_service_office", "区政务服务办", UnitKind.OFFICE)

KEY_UNITS = [
    ("civil_affairs", "区民政局"),
    ("hr_social_security", "区人力社保局"),
    ("housing_construction", "区住房城乡建委"),
    ("transport", "区交通局"),
    ("medical_insurance", "区医保局"),
    ("public_security", "区公安分局"),
    ("market_regulation", "区市场监管局"),
]

OTHER_UNITS = [
    ("publicity", "区委宣传部"),
    ("archives", "区档案馆"),
    ("development_reform", "区发展改革委"),
    ("education", "区教委"),
    ("justice", "区司法局"),
    ("ecology_environment", "区生态环境局"),
    ("urban_management", "区城市管理局"),
    ("agriculture_rural", "区农业农村委"),
    ("forestry", "区林业局"),
    ("water_resources", "区水利局"),
    ("culture_tourism", "区文化旅游委"),
    ("health", "区卫生健康委"),
    ("emergency_management", "区应急局"),
    ("taxation", "区税务局"),
    ("planning_natural_resources", "区规划自然资源局"),
    ("tobacco_monopoly", "区烟草专卖局"),
    ("fire_rescue", "北碚消防救援支队"),
]

HALLS = [
    ("service_centre", "区政务服务中心"),
    ("real_estate_hall", "区不动产登记分中心"),
    ("tiansheng_street_hall", "天生街道便民服务中心"),
]

DEMO_UNITS: list[tuple[str, str, UnitKind]] = (
    [OFFICE]
    + [(code, name, UnitKind.KEY) for code, name in KEY_UNITS]
    + [(code, name, UnitKind.OTHER) for code, name in OTHER_UNITS]
    + [(code, name, UnitKind.HALL) for code, name in HALLS]
)

OTHER_UNITS_BY_MONTH: dict[int, list[str]] = {
    1: ["区委宣传部", "区档案馆", "区发展改革委", "区水利局", "区卫生健康委", "区税务局"],
    2: ["区教委", "区司法局", "区生态环境局", "区文化旅游委", "区烟草专卖局"],
    3: [
        "区城市管理局",
        "区农业农村委",
        "区林业局",
        "区应急局",
        "区规划自然资源局",
        "北碚消防救援支队",
    ],
    4: ["区委宣传部", "区档案馆", "区发展改革委", "区水利局", "区烟草专卖局"],
    5: ["区教委", "区司法局", "区生态环境局", "区文化旅游委", "区卫生健康委", "区税务局"],
    6: [
        "区城市管理局",
        "区农业农村委",
        "区林业局",
        "区应急局",
        "区规划自然资源局",
        "北碚消防救援支队",
    ],
    7: ["区委宣传部", "区档案馆", "区发展改革委", "区水利局", "区烟草专卖局"],
    8: ["区教委", "区司法局", "区生态环境局", "区文化旅游委", "区卫生健康委", "区规划自然资源局"],
    9: ["区城市管理局", "区农业农村委", "区林业局", "区应急局", "区税务局", "北碚消防救援支队"],
    10: ["区委宣传部", "区档案馆", "区发展改革委", "区水利局", "区烟草专卖局"],
    11: ["区教委", "区司法局", "区生态环境局", "区文化旅游委", "区卫生健康委", "区规划自然资源局"],
    12: ["区城市管理局", "区农业农村委", "区林业局", "区应急局", "区税务局", "北碚消防救援支队"],
}
"""Seed 000's 计划表 for the other units (key units sit in every month), as published."""


def demo_plan() -> dict[str, list[int]]:
    """Each demo unit's months in the seed's plan table."""
    codes = {name: code for code, name in OTHER_UNITS}
    plan: dict[str, list[int]] = {code: list(range(1, 13)) for code, _ in KEY_UNITS}
    for month, names in OTHER_UNITS_BY_MONTH.items():
        for name in names:
            plan.setdefault(codes[name], []).append(month)
    return plan


def load_demo_units(units: Units, actor: Actor) -> list[Unit]:
    """Add the demo units the register does not have yet; running it twice adds nothing."""
    known = {unit.code for unit in units.list_units()}
    missing = [spec for spec in DEMO_UNITS if spec[0] not in known]
    return units.add_units(missing, actor) if missing else []
