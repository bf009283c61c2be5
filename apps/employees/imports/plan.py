"""What applying validated rows would change: new employees, changed ones, unchanged ones.

Pure computation on what ``validation`` loaded (no queries), so the preview's counts and the apply's
writes come from the same code.
"""

from dataclasses import dataclass, field

from ..models import EmploymentType, JabatanKind
from .validation import EMPLOYEE_FIELDS, Existing, Validation

DEFAULTS = {
    "name": "",
    "gelar_depan": "",
    "gelar_belakang": "",
    "tmt_cpns": None,
    "employment_type": EmploymentType.PNS.value,
    "golongan": "",
    "jabatan": "",
    "jabatan_kind": JabatanKind.PELAKSANA.value,
    "work_email": "",
    "work_phone": "",
}


@dataclass
class Change:
    nip: str
    values: dict  # every EMPLOYEE_FIELDS value the employee will have
    supervisor_nip: str | None
    existing: Existing | None = None


@dataclass
class Plan:
    create: list[Change] = field(default_factory=list)
    update: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changes(self) -> list[Change]:
        return self.create + self.update


def make_plan(validation: Validation, rows: list[dict]) -> Plan:
    plan = Plan()
    for row in rows:
        existing = validation.existing.get(row["nip"])
        values = dict(existing.values) if existing else dict(DEFAULTS)
        values.update({name: row[name] for name in EMPLOYEE_FIELDS if name in row})
        supervisor = existing.supervisor_nip if existing else None
        supervisor = row.get("supervisor_nip", supervisor)  # the file's, when it has the column
        change = Change(row["nip"], values, supervisor, existing)
        if existing is None:
            plan.create.append(change)
        elif values != existing.values or supervisor != existing.supervisor_nip:
            plan.update.append(change)
        else:
            plan.unchanged += 1
    return plan
