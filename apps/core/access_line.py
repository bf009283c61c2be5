"""Access predicates on the reporting line: the pejabat penilai (direct supervisor or Plt/Plh),
supervisors up the line, unit heads, mentoring pairs (part of apps/core/access.py, which imports
them; nothing else should import this module directly)."""

from apps.core import access


def _owns_or_supervises(user, record) -> bool:
    """The record is the user's own, or of one of their direct or indirect subordinates today."""
    from apps.employees.hierarchy import all_subordinate_ids

    employee = access.employee_of(user)
    if record is None or employee is None:
        return False
    if record.employee_id == employee.pk:
        return True
    return access.is_supervisor(user) and record.employee_id in all_subordinate_ids(employee.pk)


def _evaluates(user, record) -> bool:
    """The user is the pejabat penilai of the record's employee today (direct supervisor or Plt/Plh)."""
    from apps.employees.hierarchy import is_evaluator_of

    employee = access.employee_of(user)
    if record is None or employee is None or record.employee_id == employee.pk:
        return False
    return is_evaluator_of(employee.pk, record.employee)


def _evaluates_employee(user, employee) -> bool:
    """The user is the employee's pejabat penilai today; remembered per request (a list asks per row)."""
    from apps.employees.hierarchy import is_evaluator_of

    me = access.employee_of(user)
    if me is None or employee is None or me.pk == employee.pk:
        return False
    known = user.__dict__.setdefault("_sikap_evaluates", {})
    if employee.pk not in known:
        known[employee.pk] = is_evaluator_of(me.pk, employee)
    return known[employee.pk]


def _mentors_or_mentee(user, mentoring) -> bool:
    me = access.employee_of(user)
    return mentoring is not None and me is not None and me.pk in (mentoring.mentor_id, mentoring.mentee_id)


def _approves_mentoring(user, session) -> bool:
    """An admin or the mentee's pejabat penilai; never the mentee, never whoever logged the session
    (a supervisor who mentors their own staff has the mentee log it, or an admin approve it)."""
    if session is None:
        return access.is_admin(user) or access.is_supervisor(user)
    me = access.employee_of(user)
    mentee = session.mentoring.mentee
    if session.logged_by_id == user.pk or (me is not None and me.pk == mentee.pk):
        return False
    return access.is_admin(user) or _evaluates_employee(user, mentee)


def _heads(user, unit) -> bool:
    """The user heads the unit, as its head or as its Plt/Plh today."""
    from apps.employees.hierarchy import acting_unit_ids

    employee = access.employee_of(user)
    if unit is None or employee is None:
        return False
    return unit.head_id == employee.pk or unit.pk in acting_unit_ids(employee.pk)
