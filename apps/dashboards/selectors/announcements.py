"""Reads of the announcements (sosialisasi): what a user is shown, what an admin manages, and who
an announcement is addressed to (for its notices).

"Addressed" is decided in ``_addressed_to`` alone: audience "all", or the user's unit among the
announcement's ``unit_ids`` (whole subtrees, expanded when published), or one of the user's roles
among its ``roles``. "Shown" adds: not withdrawn and started; the home pages also want not expired
and not yet read.
"""

import datetime
import functools

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.core import access, compiled
from apps.core.lookups import AnyOf
from apps.employees.models import ActingAssignment, Employee

from ..models import Announcement, AnnouncementAudience, AnnouncementRead

NOTICE_KEY = "announcement:{pk}"


def notice_key(announcement_id: int) -> str:
    """The key of an announcement's notices in the notification centre (one per user)."""
    return NOTICE_KEY.format(pk=announcement_id)


def _addressed_to(unit_id, roles) -> Q:
    """Announcements addressed to someone of the unit (None: no employee record) holding the
    roles. ``unit_id`` may be a compiled query's stand-in (``announcements_for``)."""
    addressed = Q(audience=AnnouncementAudience.ALL)
    if unit_id is not None:
        addressed |= Q(AnyOf(Value(unit_id), F("unit_ids")), audience=AnnouncementAudience.UNITS)
    if roles:
        addressed |= Q(audience=AnnouncementAudience.ROLES, roles__overlap=list(roles))
    return addressed


def _addressed(user) -> Q:
    """Announcements addressed to the user. The employee record and the roles come from
    ``access`` (known once per request), so this costs no query of its own."""
    employee = access.employee_of(user)
    return _addressed_to(employee.unit_id if employee is not None else None, sorted(access.roles(user)))


def _shown(user, now) -> QuerySet[Announcement]:
    """Started, not withdrawn, addressed to the user (expired ones included)."""
    if not access.roles(user):  # nobody to address: no employee record, no admin or leader role
        return Announcement.objects.none()
    return Announcement.objects.filter(_addressed(user), is_withdrawn=False, starts_at__lte=now)


def _active(now) -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now)


def _read_by(user_id):
    return Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user_id=user_id))


_NOW = datetime.datetime(1901, 2, 3, tzinfo=datetime.UTC)  # a stand-in instant (apps/core/compiled.py)


@functools.lru_cache(maxsize=32)
def _unread_query(with_unit: bool, roles: tuple[str, ...], limit: int) -> compiled.CompiledQuery:
    """``announcements_for``'s query for one shape of addressee (with a unit or not, and a set of
    roles), compiled once: every home page asks it, and built through the ORM it cost 3 to 4 ms.
    The rules of ``_addressed_to``, with the unit as a parameter."""

    def build(user_id, now, unit_id=None):
        addressed = _addressed_to(unit_id, roles)
        shown = Announcement.objects.filter(addressed, _active(now), is_withdrawn=False, starts_at__lte=now)
        newest = shown.exclude(_read_by(user_id)).order_by("-starts_at", "-pk")
        return newest.values_list(*compiled.columns(Announcement))[:limit]

    return compiled.CompiledQuery(build, compiled.ID, _NOW, *([compiled.ID_2] if with_unit else []))


def announcements_for(user, *, limit: int = 5) -> list[Announcement]:
    """Active, unread announcements addressed to the user, newest first (one query)."""
    held = tuple(sorted(access.roles(user)))
    if not held:  # nobody to address: no employee record, no admin or leader role
        return []
    employee = access.employee_of(user)
    query = _unread_query(employee is not None, held, limit)
    unit = [employee.unit_id] if employee is not None else []
    return query.instances(Announcement, user.pk, timezone.now(), *unit)


def announcement_list_for(user) -> QuerySet[Announcement]:
    """Everything addressed to the user that has started, active and past, newest first; each
    with ``is_read`` (for a paginated list: one query per page)."""
    return _shown(user, timezone.now()).annotate(is_read=_read_by(user.pk)).order_by("-starts_at", "-pk")


def announcement_get_for(user, pk) -> Announcement:
    """One announcement the user may read: admins any, others one addressed to them that has
    started and is not withdrawn (expired ones stay readable). Anything else is a 404."""
    manages = access.can(user, "announcement.manage")
    queryset = Announcement.objects.all() if manages else _shown(user, timezone.now())
    try:
        return queryset.select_related("published_by").get(pk=pk)
    except (Announcement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def announcement_is_addressed_to(user, announcement: Announcement) -> bool:
    """Whether the announcement is shown to the user (an admin may open any, but only those
    addressed to them count as read). Known without a query for everyone but admins."""
    if not access.can(user, "announcement.manage"):
        return True  # ``announcement_get_for`` let only those addressed through
    return _shown(user, timezone.now()).filter(pk=announcement.pk).exists()


def announcement_manage_list() -> QuerySet[Announcement]:
    """Every announcement for the admins' list, newest first, with ``read_count`` and the chosen
    units (two queries per page); the addressed count is stored by the notification task (``addressed_count``)."""
    return (
        Announcement.objects.select_related("published_by")
        .prefetch_related("units")
        .annotate(read_count=Count("reads"))
        .order_by("-starts_at", "-pk")
    )


def announcement_get(pk) -> Announcement:
    """One announcement for its admins (they see all); an unknown id is a 404."""
    try:
        return Announcement.objects.prefetch_related("units").get(pk=pk)
    except (Announcement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def announcement_recipient_ids(announcement: Announcement) -> list[int]:
    """The active users the announcement is addressed to today, by the same rules as ``_addressed``
    (one query). Admins and leaders without an employee record count by their role."""
    has_employee = Q(employee__is_active=True)
    if announcement.audience == AnnouncementAudience.ALL:
        addressed = has_employee | Q(role__in=[Role.ADMIN, Role.LEADER])
    elif announcement.audience == AnnouncementAudience.UNITS:
        addressed = has_employee & Q(employee__unit_id__in=announcement.unit_ids or [0])
    else:
        addressed = _holds_any_role(set(announcement.roles))
    users = User.objects.filter(addressed, is_active=True).order_by("pk").distinct()
    return list(users.values_list("pk", flat=True))


def _holds_any_role(wanted: set[str]) -> Q:
    """Users holding one of the roles, as ``access.roles`` knows them. Supervisor, for the whole
    organisation at once: an active employee with an active direct report, or a Plt/Plh today
    (``hierarchy.direct_subordinates`` answers the same for one person)."""
    addressed = Q(pk__in=[])
    if access.ASN in wanted:
        addressed |= Q(employee__is_active=True)
    if access.SUPERVISOR in wanted:
        today = timezone.localdate()
        reports = Employee.objects.filter(is_active=True, supervisor_id=OuterRef("employee__pk"))
        acting = ActingAssignment.objects.filter(
            employee_id=OuterRef("employee__pk"), starts_on__lte=today, ends_on__gte=today
        )
        addressed |= Q(employee__is_active=True) & (Exists(reports) | Exists(acting))
    if access.ADMIN in wanted:
        addressed |= Q(role=Role.ADMIN)
    if access.LEADER in wanted:
        addressed |= Q(role=Role.LEADER)
    return addressed
