"""Attendance per day (by the admin, or self check-in with the code shown in the room), test
scores, and completion: enough attendance completes the session and credits its JP."""

import datetime
import secrets
from decimal import Decimal

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import access, outbox

from ..models import (
    Attendance,
    Enrollment,
    EnrollmentStatus,
    JpSource,
    SessionStatus,
    TrainingSession,
    TrainingSettings,
)
from . import ledger


def _require_admin(actor):
    if not access.is_admin(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang mengelola presensi."))


def session_days(session: TrainingSession) -> list[datetime.date]:
    span = (session.ends_on - session.starts_on).days
    return [session.starts_on + datetime.timedelta(days=n) for n in range(span + 1)]


def attendance_mark(*, actor, enrollment: Enrollment, day: datetime.date, present: bool) -> Attendance:
    _require_admin(actor)
    if day not in session_days(enrollment.session):
        raise ValidationError(_("Tanggal itu di luar jadwal sesi."))
    if enrollment.status != EnrollmentStatus.REGISTERED:
        raise ValidationError(_("Hanya peserta terdaftar yang dicatat kehadirannya."))
    row, _created = Attendance.objects.update_or_create(
        enrollment=enrollment, day=day, defaults={"present": present, "recorded_by": actor, "by_checkin": False}
    )
    return row


def checkin_code_issue(*, actor, session: TrainingSession, minutes: int = 120) -> str:
    """A short code to show in the room today; it expires after ``minutes``."""
    _require_admin(actor)
    code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _n in range(6))
    TrainingSession.objects.filter(pk=session.pk).update(
        checkin_code=code, checkin_code_expires_at=timezone.now() + datetime.timedelta(minutes=minutes)
    )
    return code


def checkin(*, actor, session: TrainingSession, code: str) -> Attendance:
    """The participant marks today's presence with the code shown in the room."""
    me = access.employee_of(actor)
    enrollment = Enrollment.objects.filter(session=session, employee=me, status=EnrollmentStatus.REGISTERED).first()
    if me is None or enrollment is None:
        raise ValidationError(_("Anda tidak terdaftar sebagai peserta sesi ini."))
    today = timezone.localdate()
    if today not in session_days(session):
        raise ValidationError(_("Presensi hanya pada hari pelaksanaan."))
    session.refresh_from_db(fields=["checkin_code", "checkin_code_expires_at"])
    expected = session.checkin_code or ""
    if not expected or not secrets.compare_digest(expected, (code or "").strip().upper()):
        raise ValidationError({"code": [_("Kode presensi salah.")]})
    if session.checkin_code_expires_at and timezone.now() > session.checkin_code_expires_at:
        raise ValidationError({"code": [_("Kode presensi sudah kedaluwarsa; minta kode baru kepada panitia.")]})
    row, _created = Attendance.objects.update_or_create(
        enrollment=enrollment, day=today, defaults={"present": True, "recorded_by": actor, "by_checkin": True}
    )
    return row


def scores_set(*, actor, enrollment: Enrollment, pre: Decimal | None, post: Decimal | None) -> None:
    _require_admin(actor)
    for value in (pre, post):
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            raise ValidationError(_("Nilai tes antara 0 dan 100."))
    Enrollment.objects.filter(pk=enrollment.pk).update(pre_score=pre, post_score=post)


def session_complete(*, actor, session: TrainingSession) -> dict:
    """Close the session: participants who attended at least the configured share of its days
    complete it, their JP are credited, and their certificate is issued (a task). Idempotent."""
    _require_admin(actor)
    share = TrainingSettings.current().completion_share
    days = len(session_days(session))
    counts = {"completed": 0, "not_completed": 0}
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="training_session_complete"):
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        present = {}
        for enrollment_id, is_present in Attendance.objects.filter(
            enrollment__session=locked, present=True
        ).values_list("enrollment_id", "present"):
            present[enrollment_id] = present.get(enrollment_id, 0) + int(is_present)
        for enrollment in locked.enrollments.filter(status=EnrollmentStatus.REGISTERED).select_related("employee"):
            passed = present.get(enrollment.pk, 0) * 100 >= share * days
            enrollment.status = EnrollmentStatus.COMPLETED if passed else EnrollmentStatus.NOT_COMPLETED
            enrollment.completed_at = timezone.now() if passed else None
            enrollment.save(update_fields=["status", "completed_at", "updated_at"])
            counts["completed" if passed else "not_completed"] += 1
            if passed:
                ledger.credit(
                    employee=enrollment.employee,
                    year=locked.ends_on.year,
                    jp=locked.program.jp,
                    source=JpSource.SESSION,
                    source_key=f"enrollment:{enrollment.pk}",
                    title=locked.program.name,
                    counts_toward_pppk_cap=locked.program.counts_toward_pppk_cap,
                )
                outbox.enqueue("apps.trainings.tasks.certificate_issue", enrollment_id=enrollment.pk)
        locked.status = SessionStatus.CLOSED
        locked.save(update_fields=["status", "updated_at"])
    return counts
