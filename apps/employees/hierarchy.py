"""Reporting-line queries: who reports to whom, as of a date, honouring Plt/Plh.

Each function is one SQL statement whatever the depth of the tree (recursive CTEs). They answer
facts about the organisation; what a user may *see* is decided in ``apps/core/access.py``.
"""

import datetime

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, Q
from django.utils import timezone

from apps.core import compiled
from apps.core.lookups import any_of

from .models import ActingAssignment, Employee, OrgUnit


def _today() -> datetime.date:
    return timezone.localdate()


def _acting_on(on: datetime.date | None):
    """The Plt/Plh assignments in force on the date (today by default)."""
    on = on or _today()
    return ActingAssignment.objects.filter(starts_on__lte=on, ends_on__gte=on)


def acting_unit_ids(employee_id: int, *, on: datetime.date | None = None) -> list[int]:
    """Units that the employee heads as Plt/Plh on the date."""
    return list(_acting_on(on).filter(employee_id=employee_id).values_list("unit_id", flat=True))


def acting_head_ids(unit_id: int, *, on: datetime.date | None = None) -> list[int]:
    """Employees who head the unit as Plt/Plh on the date."""
    return list(_acting_on(on).filter(unit_id=unit_id).values_list("employee_id", flat=True))


def direct_subordinates(employee_id: int, *, on: datetime.date | None = None):
    """Active employees whose atasan langsung is this employee, or the head of a unit that this
    employee leads as Plt/Plh on the date (or, where that head post is vacant, the unit's members
    without a supervisor)."""
    on = on or _today()
    acting = ActingAssignment.objects.filter(employee_id=employee_id, starts_on__lte=on, ends_on__gte=on)
    units = OrgUnit.objects.filter(pk__in=acting.values("unit_id")).order_by()
    acting_heads = units.filter(head__isnull=False).values("head_id")
    vacant_units = units.filter(head__isnull=True).values("pk")
    return (
        Employee.objects.filter(is_active=True)
        .filter(
            Q(supervisor_id=employee_id)
            | Q(any_of("supervisor_id", acting_heads))
            | Q(any_of("unit_id", vacant_units), supervisor__isnull=True)
        )
        .exclude(pk=employee_id)
    )


def all_subordinate_ids(employee_id: int, *, on: datetime.date | None = None) -> set[int]:
    """Direct and indirect subordinates, down the whole tree, in one recursive query."""
    direct = list(direct_subordinates(employee_id, on=on).values_list("pk", flat=True))
    if not direct:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE tree(id) AS (
                SELECT unnest(%s::bigint[])
                UNION
                SELECT e.id FROM employees_employee e JOIN tree t ON e.supervisor_id = t.id
                WHERE e.is_active
            )
            SELECT id FROM tree
            """,
            [direct],
        )
        return {row[0] for row in cursor.fetchall()} - {employee_id}


def supervisor_chain(employee: Employee, *, limit: int = 20) -> list[Employee]:
    """The employee's supervisors upward (atasan langsung first), in one recursive query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE chain(id, supervisor_id, depth) AS (
                SELECT id, supervisor_id, 0 FROM employees_employee WHERE id = %s
                UNION ALL
                SELECT e.id, e.supervisor_id, c.depth + 1
                FROM employees_employee e JOIN chain c ON e.id = c.supervisor_id
                WHERE c.depth < %s
            )
            SELECT id FROM chain WHERE depth > 0 ORDER BY depth
            """,
            [employee.pk, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    by_id = Employee.objects.select_related("unit").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


# Every employee's page asks (the menu: "is a supervisor?"); built through the ORM each time it cost
# 2 to 4 ms of CPU for a statement that PostgreSQL answers in 0.2 ms, so its SQL is compiled once
# per process (apps/core/compiled.py).
#
# Asked as "anyone reporting to them directly, or (a Plt/Plh today and anyone in direct_subordinates)":
# ``direct_subordinates(...)[:1]`` alone made PostgreSQL, hoping for an early row, scan every
# employee of the city for each of the many who have none (8 ms at 20,000 employees).
def _any_subordinate(employee_id, on):
    reports = Employee.objects.filter(supervisor_id=employee_id, is_active=True).exclude(pk=employee_id)
    acting = ActingAssignment.objects.filter(employee_id=employee_id, starts_on__lte=on, ends_on__gte=on)
    anyone = Exists(reports) | (Exists(acting) & Exists(direct_subordinates(employee_id, on=on)))
    flag = ExpressionWrapper(anyone, output_field=BooleanField())
    return Employee.objects.filter(pk=employee_id).order_by().values_list(flag)


_ANY_SUBORDINATE = compiled.CompiledQuery(_any_subordinate, compiled.ID, compiled.DAY)


def has_subordinates(employee_id: int, *, on: datetime.date | None = None) -> bool:
    rows = _ANY_SUBORDINATE.rows(employee_id, on or _today())
    return bool(rows and rows[0][0])


def unit_subtree_ids(unit_id: int) -> list[int]:
    """The unit and every unit below it, whatever the depth, in one recursive query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE sub(id) AS (
                SELECT id FROM employees_orgunit WHERE id = %s
                UNION
                SELECT u.id FROM employees_orgunit u JOIN sub s ON u.parent_id = s.id
            )
            SELECT id FROM sub
            """,
            [unit_id],
        )
        return [row[0] for row in cursor.fetchall()]


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The unit's parents upward (direct parent first), in one recursive query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE up(id, parent_id, depth) AS (
                SELECT id, parent_id, 0 FROM employees_orgunit WHERE id = %s
                UNION ALL
                SELECT u.id, u.parent_id, a.depth + 1 FROM employees_orgunit u JOIN up a ON u.id = a.parent_id
                WHERE a.depth < 50
            )
            SELECT id FROM up WHERE depth > 0 ORDER BY depth
            """,
            [unit.pk],
        )
        ids = [row[0] for row in cursor.fetchall()]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids]


def would_create_cycle(employee_id: int | None, supervisor_id: int | None) -> bool:
    """True when making ``supervisor_id`` the atasan of ``employee_id`` closes a loop: the
    supervisor is the employee or one of the employee's (indirect) subordinates."""
    if employee_id is None or supervisor_id is None:
        return False
    if employee_id == supervisor_id:
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE chain(id, depth) AS (
                SELECT supervisor_id, 1 FROM employees_employee WHERE id = %s
                UNION ALL
                SELECT e.supervisor_id, c.depth + 1 FROM employees_employee e JOIN chain c ON e.id = c.id
                WHERE c.depth < 100 AND e.supervisor_id IS NOT NULL
            )
            SELECT 1 FROM chain WHERE id = %s LIMIT 1
            """,
            [supervisor_id, employee_id],
        )
        return cursor.fetchone() is not None


def unit_would_create_cycle(unit_id: int | None, parent_id: int | None) -> bool:
    """True when ``parent_id`` is the unit itself or a unit below it."""
    if unit_id is None or parent_id is None:
        return False
    return parent_id in unit_subtree_ids(unit_id)


def evaluators_of(employee: Employee, *, on: datetime.date | None = None) -> list[Employee]:
    """Who may act as the employee's pejabat penilai on the date: the direct supervisor and any
    Plt/Plh standing in for them (or for the vacant head of the employee's unit); one query.
    A Plt/Plh comes first: when one is appointed, the head is away."""
    on = on or _today()
    acting = ActingAssignment.objects.filter(starts_on__lte=on, ends_on__gte=on)
    stands_in = Q(pk__in=acting.filter(unit__head_id=employee.supervisor_id).values("employee_id"))
    if employee.supervisor_id is None:
        stands_in = Q(pk__in=acting.filter(unit_id=employee.unit_id, unit__head__isnull=True).values("employee_id"))
    candidates = Employee.objects.filter(is_active=True).filter(Q(pk=employee.supervisor_id) | stands_in)
    people = list(candidates.exclude(pk=employee.pk).select_related("unit"))
    return sorted(people, key=lambda person: person.pk == employee.supervisor_id)


def is_evaluator_of(evaluator_id: int, employee: Employee, *, on: datetime.date | None = None) -> bool:
    return any(person.pk == evaluator_id for person in evaluators_of(employee, on=on))
