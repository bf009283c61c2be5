"""City-wide reads: SKP status per perangkat daerah, and the cascade from unit goals down to
every RHK. Both read a fixed number of queries whatever the size of the city."""

from collections import Counter, defaultdict

from django.db.models import Count

from apps.core import access
from apps.employees import hierarchy
from apps.employees.models import Employee, OrgUnit

from ..models import Rhk, Skp, SkpStatus, UnitGoal
from .achievement import skp_results


def top_units() -> tuple[list[OrgUnit], dict[int, int]]:
    """The perangkat daerah (children of the root units) and, for every unit, the one it is in."""
    units = list(OrgUnit.objects.filter(is_active=True).only("id", "name", "parent_id", "kind"))
    parent = {unit.pk: unit.parent_id for unit in units}
    has_children = {unit.parent_id for unit in units}
    # the government unit(s) at the root, whose children are the perangkat daerah; a root without
    # children (a flat organisation) is a perangkat daerah itself
    roots = {unit.pk for unit in units if unit.parent_id is None and unit.pk in has_children}
    top = [unit for unit in units if unit.parent_id in roots or (unit.parent_id is None and unit.pk not in roots)]
    top_ids = {unit.pk for unit in top}
    top_of: dict[int, int] = {}
    for unit in units:
        node, seen = unit.pk, 0
        while node is not None and node not in top_ids and seen < 50:
            node, seen = parent.get(node), seen + 1
        if node in top_ids:
            top_of[unit.pk] = node
    return sorted(top, key=lambda unit: unit.name), top_of


def status_by_unit(*, year: int) -> list[dict]:
    """Per perangkat daerah: active employees, and how many SKPs of the year are draft, submitted,
    returned or approved (and how many people have none yet)."""
    top, top_of = top_units()
    people = Counter()
    for unit_id, n in Employee.objects.filter(is_active=True).values_list("unit_id").annotate(n=Count("pk")):
        people[top_of.get(unit_id)] += n
    statuses = defaultdict(Counter)
    rows = (
        Skp.objects.filter(year=year, employee__is_active=True)
        .values_list("employee__unit_id", "status")
        .annotate(n=Count("pk"))
    )
    for unit_id, status, n in rows:
        statuses[top_of.get(unit_id)][status] += n
    table = []
    for unit in top:
        counts = statuses[unit.pk]
        with_skp = sum(counts.values())
        approved = counts[SkpStatus.APPROVED]
        table.append(
            {
                "unit": unit,
                "employees": people[unit.pk],
                "none": max(people[unit.pk] - with_skp, 0),
                "draft": counts[SkpStatus.DRAFT],
                "submitted": counts[SkpStatus.SUBMITTED],
                "returned": counts[SkpStatus.RETURNED],
                "approved": approved,
                "approved_pct": round(100 * approved / people[unit.pk]) if people[unit.pk] else 0,
            }
        )
    return table


def cascade_for(user, *, year: int, unit: OrgUnit) -> list[dict]:
    """The cascade under a unit: its goals (and the goals above that they support), the RHK that
    support each goal, and the RHK that support those, down to staff; each RHK with its
    achievement so far. RHK outside the reader's scope are left out."""
    subtree = hierarchy.unit_subtree_ids(unit.pk)
    goal_units = set(subtree) | {u.pk for u in hierarchy.unit_ancestors(unit)}
    goals = list(
        UnitGoal.objects.filter(year=year, unit_id__in=goal_units)
        .select_related("unit")
        .prefetch_related("indicators")
        .order_by("unit__name", "pk")
    )
    rhk = list(
        access.scope(
            user, Rhk.objects.filter(skp__year=year, skp__employee__unit_id__in=subtree), employee_field="skp__employee"
        )
        .select_related("skp", "skp__employee")
        .order_by("skp__employee__name", "kind", "position")
    )
    results = skp_results(list({item.skp_id: item.skp for item in rhk}.values())) if rhk else {}
    percent = {r.rhk_id: r for result in results.values() for r in result.rhk}
    by_goal, by_parent, ids = defaultdict(list), defaultdict(list), {item.pk for item in rhk}
    for item in rhk:
        node = {"rhk": item, "result": percent.get(item.pk), "children": by_parent[item.pk]}
        if item.parent_id in ids:
            by_parent[item.parent_id].append(node)
        elif item.unit_goal_id:
            by_goal[item.unit_goal_id].append(node)
        else:
            by_goal[None].append(node)
    goal_ids = {goal.pk for goal in goals}
    child_goals = defaultdict(list)
    nodes = {goal.pk: {"goal": goal, "rhk": by_goal[goal.pk], "children": child_goals[goal.pk]} for goal in goals}
    roots = []
    for goal in goals:
        (child_goals[goal.parent_id] if goal.parent_id in goal_ids else roots).append(nodes[goal.pk])
    if by_goal[None]:
        roots.append({"goal": None, "rhk": by_goal[None], "children": []})
    return roots


def goal_units_for(user):
    """Units whose goals the user may keep: all for admins, the units they head otherwise."""
    units = OrgUnit.objects.filter(is_active=True).order_by("name")
    if access.is_admin(user):
        return units
    me = access.employee_of(user)
    if me is None:
        return units.none()
    return units.filter(pk__in=[*hierarchy.acting_unit_ids(me.pk), *me.headed_units.values_list("pk", flat=True)])
