"""Beibei District's units of 2022 (seed 000): 7 key units, 17 other units, and the office."""

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

DEMO_UNITS: list[tuple[str, str, UnitKind]] = (
    [OFFICE]
    + [(code, name, UnitKind.KEY) for code, name in KEY_UNITS]
    + [(code, name, UnitKind.OTHER) for code, name in OTHER_UNITS]
)


def load_demo_units(units: Units, actor: Actor) -> list[Unit]:
    """Add the demo units the register does not have yet; running it twice adds nothing."""
    known = {unit.code for unit in units.list_units()}
    missing = [spec for spec in DEMO_UNITS if spec[0] not in known]
    return units.add_units(missing, actor) if missing else []
