"""Reads for feedback, external learning and mentoring; each list is a fixed number of queries."""

from django.db.models import Avg, Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core import access
from apps.employees import hierarchy

from .models import (
    ExternalLearning,
    Mentoring,
    MentoringSession,
    ReviewStatus,
    SessionFeedback,
    TrainingProgram,
    TrainingSession,
)

# --- Feedback ----------------------------------------------------------------------------------


def program_get(pk) -> TrainingProgram:
    """Programs are the government's public catalogue: every signed-in user may read one."""
    return get_object_or_404(TrainingProgram.objects.prefetch_related("competencies"), pk=pk)


def program_sessions(program) -> list[TrainingSession]:
    return list(TrainingSession.objects.filter(program=program).order_by("-starts_on", "pk"))


def feedback_summary(program) -> dict:
    """Averages (1-5) and the number of answers over every session of the program."""
    return SessionFeedback.objects.filter(enrollment__session__program=program).aggregate(
        count=Count("pk"), content=Avg("content"), facilitator=Avg("facilitator"), relevance=Avg("relevance")
    )


def feedback_comments(program, limit: int = 100) -> list[str]:
    """The comments only: no name, no session, so a small class cannot tell who wrote what."""
    return list(
        SessionFeedback.objects.filter(enrollment__session__program=program)
        .exclude(comment="")
        .order_by("-created_at")
        .values_list("comment", flat=True)[:limit]
    )


def feedback_of(enrollment) -> SessionFeedback | None:
    return SessionFeedback.objects.filter(enrollment=enrollment).first()


# --- External learning -------------------------------------------------------------------------


def external_own(user) -> list[ExternalLearning]:
    me = access.employee_of(user)
    if me is None:
        return []
    return list(ExternalLearning.objects.filter(employee=me).order_by("-created_at"))


def external_for_year(employee, year: int) -> list[ExternalLearning]:
    """For the JP page: what the employee submitted for the year, whatever its status."""
    if employee is None:
        return []
    return list(ExternalLearning.objects.filter(employee=employee, ended_on__year=year).order_by("-created_at"))


def external_get_for(user, pk) -> ExternalLearning:
    """The owner, their supervisors, admins and leaders read it; anyone else gets a 404."""
    return access.get_object_for(
        user, ExternalLearning.objects.select_related("employee__unit", "reviewed_by__employee"), pk=pk
    )


def external_queue() -> list[ExternalLearning]:
    """Waiting for verification, oldest first."""
    return list(
        ExternalLearning.objects.filter(status=ReviewStatus.SUBMITTED)
        .select_related("employee__unit")
        .order_by("created_at", "pk")
    )


def external_decided(limit: int = 20) -> list[ExternalLearning]:
    return list(
        ExternalLearning.objects.exclude(status=ReviewStatus.SUBMITTED)
        .select_related("employee")
        .order_by("-reviewed_at", "-pk")[:limit]
    )


# --- Mentoring ---------------------------------------------------------------------------------


def _with_counts(queryset):
    return queryset.select_related("mentor", "mentee", "competency").annotate(
        n_sessions=Count("sessions"),
        n_pending=Count("sessions", filter=Q(sessions__approved_at__isnull=True)),
        minutes_approved=Sum("sessions__minutes", filter=Q(sessions__approved_at__isnull=False)),
    )


def mentoring_own(user) -> list[Mentoring]:
    """Pairings where the user is the mentor or the mentee."""
    me = access.employee_of(user)
    if me is None:
        return []
    return list(_with_counts(Mentoring.objects.filter(Q(mentor=me) | Q(mentee=me))).order_by("-starts_on", "pk"))


def mentoring_get_for(user, pk) -> Mentoring:
    """Mentor, mentee, the mentee's supervisors, admins and leaders; anyone else gets a 404."""
    queryset = access.scope_with_participant(
        user,
        Mentoring.objects.select_related("mentor__unit", "mentee__unit", "competency"),
        employee_field="mentee",
        participant_field="mentor",
    )
    try:
        return queryset.get(pk=pk)
    except (Mentoring.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def mentoring_sessions(mentoring) -> list[MentoringSession]:
    return list(
        mentoring.sessions.select_related("logged_by__employee", "approved_by__employee").order_by("-date", "-pk")
    )


def mentoring_session_get_for(user, pk) -> MentoringSession:
    """A logged meeting, within the same scope as its pairing."""
    queryset = access.scope_with_participant(
        user,
        MentoringSession.objects.select_related("mentoring__mentee", "mentoring__mentor"),
        employee_field="mentoring__mentee",
        participant_field="mentoring__mentor",
    )
    try:
        return queryset.get(pk=pk)
    except (MentoringSession.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _evaluated_by(user):
    """Mentees whose meetings the user approves: everyone for an admin, else those they evaluate."""
    if access.is_admin(user):
        return None
    me = access.employee_of(user)
    return hierarchy.direct_subordinates(me.pk).values("pk") if me is not None else []


def approvals_for(user) -> list[MentoringSession]:
    """Meetings waiting for the user's approval, oldest first (never the ones they logged)."""
    queryset = MentoringSession.objects.filter(approved_at__isnull=True).exclude(logged_by=user)
    mentees = _evaluated_by(user)
    if mentees is not None:
        queryset = queryset.filter(mentoring__mentee__in=mentees)
    me = access.employee_of(user)
    if me is not None:
        queryset = queryset.exclude(mentoring__mentee=me)
    return list(
        queryset.select_related("mentoring__mentor", "mentoring__mentee", "logged_by__employee").order_by("date", "pk")
    )


def team_pairings(user) -> list[Mentoring]:
    """Pairings of the people the supervisor evaluates (all pairings for an admin: see pairings_all)."""
    me = access.employee_of(user)
    if me is None:
        return []
    mentees = hierarchy.direct_subordinates(me.pk).values("pk")
    return list(_with_counts(Mentoring.objects.filter(mentee__in=mentees)).order_by("-starts_on", "pk"))


def pairings_all():
    return _with_counts(Mentoring.objects.all()).order_by("-starts_on", "pk")
