"""Reads of the trainings app; fixed query counts per page."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.core import access
from apps.employees import hierarchy

from .models import (
    Enrollment,
    EnrollmentStatus,
    JpEntry,
    SessionStatus,
    TrainingProgram,
    TrainingSession,
    TrainingSettings,
)
from .services.ledger import summarise


def upcoming_sessions():
    return (
        TrainingSession.objects.filter(status=SessionStatus.SCHEDULED, ends_on__gte=timezone.localdate())
        .select_related("program")
        .order_by("starts_on", "pk")
    )


def programs_with_sessions():
    sessions = defaultdict(list)
    for session in upcoming_sessions():
        sessions[session.program_id].append(session)
    programs = list(TrainingProgram.objects.filter(is_active=True).prefetch_related("competencies").order_by("name"))
    for program in programs:
        program.upcoming = sessions.get(program.pk, [])
    return programs


def session_get(pk) -> TrainingSession:
    """Sessions are the public catalogue of the government: every signed-in user may read one."""
    return get_object_or_404(TrainingSession.objects.select_related("program"), pk=pk)


def own_enrollment(user, session) -> Enrollment | None:
    me = access.employee_of(user)
    if me is None:
        return None
    enrollments = Enrollment.objects.filter(session=session, employee=me).select_related("certificate")
    return enrollments.exclude(status=EnrollmentStatus.CANCELLED).first()


def own_enrollments(user, sessions) -> dict:
    """session id -> the caller's enrollment in it that is not cancelled; one query."""
    me = access.employee_of(user)
    if me is None or not sessions:
        return {}
    rows = Enrollment.objects.filter(employee=me, session__in=[session.pk for session in sessions])
    return {row.session_id: row for row in rows.exclude(status=EnrollmentStatus.CANCELLED)}


def active_programs():
    return TrainingProgram.objects.filter(is_active=True).prefetch_related("competencies").order_by("name", "pk")


def jp_entries(employee, year: int) -> list[JpEntry]:
    """The employee's JP ledger of the year, newest first (the caller has checked the scope)."""
    return list(JpEntry.objects.filter(employee=employee, year=year).order_by("-credited_at", "-pk"))


def waitlist_position(enrollment: Enrollment) -> int | None:
    if enrollment is None or enrollment.status != EnrollmentStatus.WAITLISTED:
        return None
    return Enrollment.objects.filter(
        session_id=enrollment.session_id, status=EnrollmentStatus.WAITLISTED, created_at__lte=enrollment.created_at
    ).count()


def enrollment_get_for(user, pk) -> Enrollment:
    return access.get_object_for(user, Enrollment.objects.select_related("session__program", "employee"), pk=pk)


def my_trainings(user):
    me = access.employee_of(user)
    if me is None:
        return []
    return list(
        Enrollment.objects.filter(employee=me).select_related("session__program").order_by("-session__starts_on")
    )


def my_jp(user, year: int):
    me = access.employee_of(user)
    from .selectors_learning import external_for_year
    from .services.ledger import summary

    entries = JpEntry.objects.filter(employee=me, year=year).order_by("-credited_at")
    return {"summary": summary(me, year), "entries": list(entries), "external": external_for_year(me, year)}


def team_jp(user, year: int) -> list[dict]:
    """The supervisor's direct subordinates with their JP this year: one query for the people, one
    for the sums."""
    me = access.employee_of(user)
    if me is None:
        return []
    people = list(hierarchy.direct_subordinates(me.pk).order_by("name"))
    sums = {
        row["employee_id"]: row
        for row in JpEntry.objects.filter(employee__in=people, year=year)
        .values("employee_id")
        .annotate(total=Sum("jp"), counted=Sum("jp", filter=Q(counts_toward_pppk_cap=True)))
    }
    config = TrainingSettings.current()
    return [
        {
            "employee": p,
            "summary": summarise(
                p,
                (sums.get(p.pk) or {}).get("total") or Decimal(0),
                (sums.get(p.pk) or {}).get("counted") or Decimal(0),
                config,
            ),
        }
        for p in people
    ]


def session_roster(session):
    return list(
        session.enrollments.exclude(status=EnrollmentStatus.CANCELLED)
        .select_related("employee", "employee__unit", "certificate")
        .prefetch_related("attendance")
        .order_by("status", "created_at")
    )
