"""Seats and the waiting list. Every change of a session's seats happens under a row lock on the
session (SELECT ... FOR UPDATE), so two people racing for the last seat never both get it, and a
cancellation promotes the first person waiting in the same transaction."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import access, outbox
from apps.employees import hierarchy
from apps.employees.pangkat import GOLONGAN_ORDER

from ..models import ACTIVE_ENROLLMENT, Enrollment, EnrollmentSource, EnrollmentStatus, SessionStatus, TrainingSession


def eligibility_problems(employee, program) -> list[str]:
    """Why the employee is not among those the program is for (empty: eligible)."""
    problems = []
    if program.jabatan_kinds and employee.jabatan_kind not in program.jabatan_kinds:
        problems.append(_("Program ini untuk jenis jabatan lain."))
    unit_ids = set(program.units.values_list("pk", flat=True))
    if unit_ids:
        own = {employee.unit_id, *(u.pk for u in hierarchy.unit_ancestors(employee.unit))}
        if not own & unit_ids:
            problems.append(_("Program ini untuk unit kerja lain."))
    rank = GOLONGAN_ORDER.get(employee.golongan)
    low, high = GOLONGAN_ORDER.get(program.min_golongan), GOLONGAN_ORDER.get(program.max_golongan)
    if (low is not None or high is not None) and rank is None:
        problems.append(_("Golongan Anda belum tercatat."))
    elif rank is not None and ((low is not None and rank < low) or (high is not None and rank > high)):
        problems.append(
            _("Program ini untuk golongan %(low)s sampai %(high)s.")
            % {"low": program.min_golongan or "-", "high": program.max_golongan or "-"}
        )
    return problems


def _overlapping(employee, session) -> Enrollment | None:
    return (
        Enrollment.objects.filter(
            employee=employee,
            status__in=["registered", "waitlisted"],
            session__status=SessionStatus.SCHEDULED,
            session__starts_on__lte=session.ends_on,
            session__ends_on__gte=session.starts_on,
        )
        .exclude(session=session)
        .select_related("session__program")
        .first()
    )


def _who_may_enroll(actor, employee, source):
    if source == EnrollmentSource.SELF:
        me = access.employee_of(actor)
        if me is None or me.pk != employee.pk:
            raise PermissionDenied(_("Anda hanya dapat mendaftarkan diri sendiri."))
    elif source == EnrollmentSource.NOMINATED:
        me = access.employee_of(actor)
        if me is None or not hierarchy.is_evaluator_of(me.pk, employee):
            raise PermissionDenied(_("Hanya atasan langsung yang dapat mengusulkan pegawai ini."))
    elif not access.is_admin(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat menugaskan peserta."))


def enroll(
    *, actor, session: TrainingSession, employee, source: str = EnrollmentSource.SELF, reason: str = ""
) -> Enrollment:
    """Register, or put on the waiting list when the session is full."""
    _who_may_enroll(actor, employee, source)
    today = timezone.localdate()
    if session.status != SessionStatus.SCHEDULED:
        raise ValidationError(_("Sesi ini tidak menerima pendaftaran."))
    if today > session.registration_deadline and source != EnrollmentSource.ASSIGNED:
        raise ValidationError(
            _("Pendaftaran sudah ditutup pada %(day)s.") % {"day": date_format(session.registration_deadline, "j F Y")}
        )
    problems = eligibility_problems(employee, session.program)
    if problems:
        raise ValidationError(problems)
    clash = _overlapping(employee, session)
    if clash is not None:
        raise ValidationError(
            _("Waktunya bertabrakan dengan %(other)s (%(start)s–%(end)s).")
            % {
                "other": clash.session.program.name,
                "start": date_format(clash.session.starts_on, "j M"),
                "end": date_format(clash.session.ends_on, "j M Y"),
            }
        )
    try:
        with transaction.atomic(), pghistory.context(actor=actor.pk, action="training_enroll"):
            locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
            if Enrollment.objects.filter(session=locked, employee=employee, status__in=ACTIVE_ENROLLMENT).exists():
                raise ValidationError(_("%(name)s sudah terdaftar di sesi ini.") % {"name": employee.full_name})
            has_seat = locked.seats_taken < locked.capacity
            enrollment = Enrollment.objects.create(
                session=locked,
                employee=employee,
                source=source,
                reason=reason[:300],
                status=EnrollmentStatus.REGISTERED if has_seat else EnrollmentStatus.WAITLISTED,
                nominated_by=actor if source != EnrollmentSource.SELF else None,
            )
            if has_seat:
                TrainingSession.objects.filter(pk=locked.pk).update(seats_taken=F("seats_taken") + 1)
            outbox.enqueue("apps.trainings.tasks.enrollment_confirmed", enrollment_id=enrollment.pk)
    except IntegrityError as exc:  # the unique constraint caught a double click
        raise ValidationError(_("%(name)s sudah terdaftar di sesi ini.") % {"name": employee.full_name}) from exc
    session.refresh_from_db()
    return enrollment


def may_cancel(actor, enrollment: Enrollment) -> bool:
    me = access.employee_of(actor)
    if access.is_admin(actor):
        return True
    if me is not None and me.pk == enrollment.employee_id:
        return True
    return me is not None and hierarchy.is_evaluator_of(me.pk, enrollment.employee)


def cancel(*, actor, enrollment: Enrollment) -> Enrollment | None:
    """Cancel (the participant), withdraw (their supervisor) or remove (an admin). A freed seat goes
    to the first person waiting; returns that promoted enrollment, if any."""
    if not may_cancel(actor, enrollment):
        raise PermissionDenied(_("Anda tidak dapat membatalkan pendaftaran ini."))
    promoted = None
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="training_cancel"):
        session = TrainingSession.objects.select_for_update().get(pk=enrollment.session_id)
        current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if current.status not in (EnrollmentStatus.REGISTERED, EnrollmentStatus.WAITLISTED):
            raise ValidationError(_("Pendaftaran ini tidak dapat dibatalkan lagi."))
        freed = current.status == EnrollmentStatus.REGISTERED
        current.status = EnrollmentStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        if freed:
            promoted = (
                Enrollment.objects.select_for_update()
                .filter(session=session, status=EnrollmentStatus.WAITLISTED)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = EnrollmentStatus.REGISTERED
                promoted.save(update_fields=["status", "updated_at"])
                outbox.enqueue("apps.trainings.tasks.enrollment_promoted", enrollment_id=promoted.pk)
            else:
                TrainingSession.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") - 1)
    enrollment.refresh_from_db()
    return promoted
