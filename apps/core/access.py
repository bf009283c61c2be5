"""Who may see and do what: the one place where access is decided (DESIGN.md "Roles and access").

* Roles: ASN (a user linked to an active Employee), supervisor (has active subordinates, directly
  or through a Plt/Plh assignment), BKPSDM admin and leader (a role on the User), citizen (anonymous).
* Reads start from ``employees_visible_to`` / ``scope``; an object outside the scope answers 404
  (``get_object_for``). An action that a visible object does not allow answers 403 (``require``).
* Templates ask the same predicates through the ``can`` filter; views use ``action_required``.
* ``PUBLIC_URL_NAMES`` and ``PUBLIC_NAMESPACES`` are the single list of views that need no login.
"""

from __future__ import annotations

import functools
from collections.abc import Set
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Role

from . import compiled

if TYPE_CHECKING:
    from apps.employees.models import Employee

ASN, SUPERVISOR, ADMIN, LEADER = "asn", "supervisor", "admin", "leader"
ROLE_LABELS = {ASN: _("ASN"), SUPERVISOR: _("Atasan"), ADMIN: _("Admin BKPSDM"), LEADER: _("Pimpinan")}

# Views reachable without an account (matched on the resolved URL name, namespace included).
PUBLIC_URL_NAMES = frozenset(
    {
        "account_login",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "mfa_authenticate",
        "set_language",
        "core:healthz",
        "core:bench-baseline",
        "reports:verify",
        "trainings:calendar-feed",  # calendar apps cannot sign in: a signed per-user token decides
        "javascript-catalog",
        # citizens (DESIGN.md: anonymous); the tracking code decides what a reporter sees
        "api:public-complaint-create",
        "api:public-complaint-detail",
        "api:public-survey-create",
        "captcha-image",
        "captcha-image-2x",
        "captcha-audio",
        "captcha-refresh",
    }
)
# Every view in these URL namespaces is public (the citizens' site and the open data).
PUBLIC_NAMESPACES = frozenset({"pengaduan", "survei", "forum", "open311"})


def is_public_view(match) -> bool:
    return match.view_name in PUBLIC_URL_NAMES or (match.namespace in PUBLIC_NAMESPACES)


# Roles that must protect their account with TOTP (DESIGN.md): they see other people's data.
MFA_ROLES = frozenset({SUPERVISOR, ADMIN, LEADER})


def employee_of(user) -> Employee | None:
    """The active Employee record of a signed-in user, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_sikap_employee"):
        from apps.employees.models import Employee, OrgUnit

        rows = _EMPLOYEE_OF.rows(user.pk)
        employee, unit = compiled.split_row(rows[0], (Employee, OrgUnit)) if rows else (None, None)
        employee_loaded_with(user, employee, unit)
    return user._sikap_employee


def _employee_with_unit(user_id):
    from apps.employees.models import Employee, OrgUnit

    # one-to-one, so no ordering
    return (
        Employee.objects.filter(user_id=user_id, is_active=True)
        .order_by()
        .values_list(*compiled.columns(Employee), *compiled.columns(OrgUnit, "unit__"))[:1]
    )


# Every signed-in page asks: its SQL is compiled once (apps/core/compiled.py)
_EMPLOYEE_OF = compiled.CompiledQuery(_employee_with_unit, compiled.ID)


def employee_loaded_with(user, employee: Employee | None, unit=None) -> None:
    """Tell ``employee_of`` the user's employee record, loaded by a query of its own or in the
    same query as the user (API token authentication joins it in), so that asking costs nothing
    more; with its ``unit`` and the user linked both ways, ``employee.unit`` and ``user.employee``
    (display_name) ask nothing either."""
    if employee is not None:
        from apps.employees.models import Employee

        if unit is not None:
            Employee.unit.field.set_cached_value(employee, unit)
        Employee.user.field.set_cached_value(employee, user)
        Employee.user.field.remote_field.set_cached_value(user, employee)
    user._sikap_employee = employee if employee is not None and employee.is_active else None


class _Roles(Set):
    """The roles of one user as a read-only set (``in``, ``&``, iteration, ``==`` a set).

    ASN, admin and leader are known from the account and its employee record. Supervisor takes
    the one costly query (the reporting lines, Plt/Plh included), so it is looked up the first
    time someone asks about it: ``ASN in roles(user)``, all that filing a report needs, costs no
    query of its own. Each answer is computed at most once (the object lives on the user object,
    so for one request)."""

    __slots__ = ("_employee_id", "_held", "_supervisor")

    def __init__(self, held: frozenset[str], employee_id: int | None):
        self._held = held  # every role but supervisor
        self._employee_id = employee_id
        self._supervisor = None if employee_id is not None else False  # only an employee supervises

    def _is_supervisor(self) -> bool:
        if self._supervisor is None:
            from apps.employees.hierarchy import has_subordinates

            self._supervisor = has_subordinates(self._employee_id)
        return self._supervisor

    def _all(self) -> frozenset[str]:
        return self._held | {SUPERVISOR} if self._is_supervisor() else self._held

    def __contains__(self, role) -> bool:
        return self._is_supervisor() if role == SUPERVISOR else role in self._held

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:
        return bool(self._held)  # a supervisor is an employee, so also an ASN

    __hash__ = Set._hash

    @classmethod
    def _from_iterable(cls, iterable) -> frozenset[str]:  # what ``&``, ``|`` and ``-`` answer
        return frozenset(iterable)

    def __repr__(self) -> str:
        return f"roles({sorted(self)})"


def roles(user) -> Set[str]:
    """Every role the user holds now, as a set; computed once per request (cached on the user
    object), supervisor only when asked (``_Roles``)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_sikap_roles"):
        held = set()
        if user.role == Role.ADMIN:
            held.add(ADMIN)
        if user.role == Role.LEADER:
            held.add(LEADER)
        employee = employee_of(user)
        if employee is not None:
            held.add(ASN)
        user._sikap_roles = _Roles(frozenset(held), employee.pk if employee is not None else None)
    return user._sikap_roles


def is_admin(user) -> bool:
    return ADMIN in roles(user)


def is_leader(user) -> bool:
    return LEADER in roles(user)


def is_supervisor(user) -> bool:
    return SUPERVISOR in roles(user)


def is_asn(user) -> bool:
    return ASN in roles(user)


def primary_role(user) -> str | None:
    """The role whose home page the user lands on."""
    held = roles(user)
    for role in (ADMIN, LEADER, SUPERVISOR, ASN):
        if role in held:
            return role
    return None


def needs_mfa(user) -> bool:
    return bool(roles(user) & MFA_ROLES)


# --- Reads -------------------------------------------------------------------------------------


def employees_visible_to(user) -> QuerySet[Employee]:
    """Employees whose records the user may read: all for admins and leaders; self plus direct and
    indirect subordinates for a supervisor; self for an ASN; nobody otherwise."""
    from apps.employees.hierarchy import all_subordinate_ids
    from apps.employees.models import Employee

    if is_admin(user) or is_leader(user):
        return Employee.objects.all()
    employee = employee_of(user)
    if employee is None:
        return Employee.objects.none()
    ids = {employee.pk}
    if is_supervisor(user):
        ids |= all_subordinate_ids(employee.pk)
    return Employee.objects.filter(pk__in=ids)


def scope(user, queryset: QuerySet, *, employee_field: str = "employee") -> QuerySet:
    """Restrict a queryset of employee-owned rows to those the user may read (complaints: by the
    unit that handles them, ``_complaint_scope``)."""
    if queryset.model._meta.label == "public_feedback.Complaint":
        return _complaint_scope(user, queryset)
    if is_admin(user) or is_leader(user):
        return queryset
    visible = employees_visible_to(user).values("pk")
    return queryset.filter(**{f"{employee_field}__in": visible})


def get_object_for(user, queryset: QuerySet, *, employee_field: str = "employee", **lookup):
    """Load one object within the user's scope; anything else, existing or not, is a 404."""
    try:
        return scope(user, queryset, employee_field=employee_field).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_owned_by(user, queryset: QuerySet, *, owner_field: str = "user", **lookup):
    """Load a row that belongs to the user's account itself (tokens, notifications); else 404."""
    try:
        return queryset.filter(**{owner_field: user}).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_employee_for(user, **lookup) -> Employee:
    try:
        return employees_visible_to(user).get(**lookup)
    except Exception as exc:  # DoesNotExist, or a malformed lookup value
        raise Http404 from exc


def scope_with_participant(user, queryset: QuerySet, *, employee_field: str, participant_field: str) -> QuerySet:
    """Rows whose ``employee_field`` is in the user's scope, plus those where the user's own employee
    takes part as ``participant_field`` (a mentor reads the pairing of a mentee outside their team)."""
    if is_admin(user) or is_leader(user):
        return queryset
    me = employee_of(user)
    visible = Q(**{f"{employee_field}__in": employees_visible_to(user).values("pk")})
    return queryset.filter(visible | Q(**{participant_field: me})) if me is not None else queryset.none()


# --- Actions -----------------------------------------------------------------------------------

# action -> predicate(user, obj). A view or template asks ``can(user, action, obj)``.
RULES = {
    "home.view": lambda user, obj: bool(roles(user)),
    "admin.manage": lambda user, obj: is_admin(user),
    "reports.read_city": lambda user, obj: is_admin(user) or is_leader(user),
    "dashboard.city": lambda user, obj: is_admin(user) or is_leader(user),
    "announcement.manage": lambda user, obj: is_admin(user),
    "team.review": lambda user, obj: is_supervisor(user),
    "team.view": lambda user, obj: is_supervisor(user) or is_admin(user) or is_leader(user),
    "own.file": lambda user, obj: is_asn(user),
    "api.use": lambda user, obj: getattr(user, "is_authenticated", False),
    # SKP (apps/indicators)
    "skp.own": lambda user, obj: is_asn(user),
    "skp.edit": lambda user, skp: _owns(user, skp) and skp.is_editable,
    "skp.submit": lambda user, skp: _owns(user, skp) and skp.is_editable,
    "skp.revise": lambda user, skp: _owns(user, skp) and skp.status == "approved",
    "skp.record": lambda user, skp: _owns(user, skp) and skp.was_ever_approved,
    "skp.review": lambda user, skp: (
        (skp is None and is_supervisor(user)) or (skp is not None and _evaluates(user, skp))
    ),
    "skp.decide": lambda user, skp: _evaluates(user, skp) and skp.status == "submitted",
    "goals.manage": lambda user, unit: is_admin(user) or _heads(user, unit),
    # daily reports (apps/daily_reports)
    "report.file": lambda user, obj: is_asn(user),
    "report.edit": lambda user, report: _owns(user, report) and report.is_editable,
    "report.review": lambda user, report: is_supervisor(user) if report is None else _evaluates(user, report),
    "report.decide": lambda user, report: _evaluates(user, report) and report.status == "submitted",
    "report.reopen": lambda user, report: _evaluates(user, report) and report.status == "approved",
    # evaluations (apps/evaluations)
    "eval.own": lambda user, obj: is_asn(user),
    "eval.team": lambda user, obj: is_supervisor(user),
    "eval.evaluate": lambda user, evaluation: _evaluates(user, evaluation) and evaluation.status == "draft",
    "eval.respond": lambda user, evaluation: _owns(user, evaluation) and evaluation.status == "final",
    "eval.periods": lambda user, obj: is_admin(user),
    "eval.rate_units": lambda user, obj: is_leader(user) or is_admin(user),
    # trainings (apps/trainings)
    "training.enroll": lambda user, obj: is_asn(user),
    "training.team": lambda user, obj: is_supervisor(user),
    "training.manage": lambda user, obj: is_admin(user),
    "training.impact": lambda user, obj: is_admin(user) or is_leader(user),  # impact, needs: views_development
    "training.needs_propose": lambda user, obj: is_asn(user),
    "training.needs_read": lambda user, obj: is_admin(user) or is_leader(user),
    "training.needs_manage": lambda user, obj: is_admin(user),
    "training.feedback": lambda user, enrollment: _owns(user, enrollment) and enrollment.status == "completed",
    "training.feedback_read": lambda user, obj: is_admin(user) or is_leader(user),
    "training.external": lambda user, obj: is_asn(user),
    "training.verify": lambda user, obj: is_admin(user),
    # a certificate: its participant, their supervisors up the line, BKPSDM admins (404 for others)
    "training.certificate": lambda user, certificate: is_admin(user) or _owns_or_supervises(user, certificate),
    # mentoring (apps/trainings): paired by an admin or the mentee's pejabat penilai
    "mentoring.own": lambda user, obj: is_asn(user),
    "mentoring.pair": lambda user, mentee: (
        is_admin(user) or (is_supervisor(user) if mentee is None else _evaluates_employee(user, mentee))
    ),
    "mentoring.pairings": lambda user, obj: is_admin(user),
    "mentoring.log": lambda user, mentoring: _mentors_or_mentee(user, mentoring),
    "mentoring.approve": lambda user, session: _approves_mentoring(user, session),
    # complaints (apps/public_feedback): BKPSDM triages and may act on any; a unit's handlers act on
    # those routed to it; leaders read all, never act, never see the reporter; the rest see none (404)
    "complaint.queue": lambda user, obj: is_admin(user) or is_leader(user) or bool(handled_unit_ids(user)),
    "complaint.triage": lambda user, complaint: is_admin(user),
    "complaint.handle": lambda user, complaint: is_admin(user) or _handles(user, complaint),
    # who the reporter is and how to reach them: admins always; handlers unless the reporter is anonim
    "complaint.reporter": lambda user, complaint: (
        is_admin(user) or (_handles(user, complaint) and not complaint.is_anonymous)
    ),
    "complaint.blocklist": lambda user, obj: is_admin(user),
    "complaint.designate": lambda user, unit: (
        is_admin(user) or (_heads_any(user) if unit is None else _heads(user, unit))
    ),
    # SKM/IKM (apps/public_feedback): every unit for admins and leaders (read-only pages); a unit's
    # head (with the units below) and its complaint handlers read their own; others 403, other units 404
    "ikm.read": lambda user, unit: _reads_ikm(user, unit),
}


def _owns(user, record) -> bool:
    """The record (anything with ``employee_id``) is the user's own."""
    employee = employee_of(user)
    return record is not None and employee is not None and record.employee_id == employee.pk


# --- Asking ------------------------------------------------------------------------------------


def can(user, action: str, obj=None) -> bool:
    try:
        rule = RULES[action]
    except KeyError as exc:
        raise ValueError(f"unknown action {action!r}: add it to apps.core.access.RULES") from exc
    return bool(rule(user, obj))


def require(user, action: str, obj=None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


def action_required(action: str):
    """View decorator: 403 unless the user may perform ``action``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, action)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Predicates on the reporting line (evaluator, supervisor up the line, unit head, mentoring), and who
# handles citizens' complaints and reads the IKM: in their own modules for size; imported last
# because those predicates call back into this one.
from .access_complaints import _complaint_scope, _handles, _heads_any, _reads_ikm, handled_unit_ids  # noqa: E402
from .access_line import (  # noqa: E402
    _approves_mentoring,
    _evaluates,
    _evaluates_employee,
    _heads,
    _mentors_or_mentee,
    _owns_or_supervises,
)
