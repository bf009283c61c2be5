from .config import PerformanceSettings, PeriodKind, Rating
from .goals import UnitGoal, UnitGoalIndicator
from .library import IkiTemplate, RhkTemplate, SkpTemplate
from .skp import (
    EDITABLE_STATUSES,
    Aspect,
    BehaviourExpectation,
    Direction,
    Iki,
    IkiPeriodTarget,
    IkiRealisation,
    Rhk,
    RhkKind,
    Skp,
    SkpRevision,
    SkpStatus,
)

__all__ = [
    "EDITABLE_STATUSES",
    "Aspect",
    "BehaviourExpectation",
    "Direction",
    "Iki",
    "IkiPeriodTarget",
    "IkiRealisation",
    "IkiTemplate",
    "PerformanceSettings",
    "PeriodKind",
    "Rating",
    "Rhk",
    "RhkKind",
    "RhkTemplate",
    "Skp",
    "SkpRevision",
    "SkpStatus",
    "SkpTemplate",
    "UnitGoal",
    "UnitGoalIndicator",
]
