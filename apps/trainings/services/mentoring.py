"""Mentoring (a non-klasikal learning path, DOMAIN.md "Competence development"): an admin or the
mentee's pejabat penilai pairs a mentor with a mentee for a period with goals; mentor and mentee
log their meetings; the mentee's pejabat penilai (or an admin) approves a meeting, which credits
its minutes as JP to the mentee, once."""

import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import access

from ..models import Competency, JpSource, Mentoring, MentoringSession
from . import ledger

MAX_MINUTES = 600


def mentoring_create(
    *,
    actor,
    mentor,
    mentee,
    starts_on: datetime.date,
    ends_on: datetime.date,
    goals: str,
    competency: Competency | None = None,
) -> Mentoring:
    """Pair a mentor with a mentee. A supervisor pairs only the people they evaluate."""
    if not access.can(actor, "mentoring.pair"):
        raise PermissionDenied(_("Hanya admin BKPSDM atau atasan yang memasangkan mentor."))
    errors = {}
    if mentee is not None and not access.can(actor, "mentoring.pair", mentee):
        errors["mentee"] = [_("Anda hanya dapat memasangkan mentor untuk pegawai yang Anda nilai.")]
    if mentor is not None and mentee is not None and mentor.pk == mentee.pk:
        errors["mentor"] = [_("Mentor dan mentee tidak boleh orang yang sama.")]
    for field, person in (("mentor", mentor), ("mentee", mentee)):
        if person is None:
            errors.setdefault(field, [_("Isi NIP.")])
        elif not person.is_active:
            errors.setdefault(field, [_("%(name)s tidak aktif.") % {"name": person.full_name}])
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]
    if not (goals or "").strip():
        errors["goals"] = [_("Tulis tujuan mentoring: apa yang ingin dicapai mentee.")]
    if not errors:
        clash = Mentoring.objects.filter(
            mentor=mentor, mentee=mentee, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).first()
        if clash is not None:
            errors["starts_on"] = [
                _("%(mentor)s sudah menjadi mentor %(mentee)s pada %(start)s–%(end)s.")
                % {
                    "mentor": mentor.full_name,
                    "mentee": mentee.full_name,
                    "start": date_format(clash.starts_on, "j M Y"),
                    "end": date_format(clash.ends_on, "j M Y"),
                }
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="mentoring_create"):
        return Mentoring.objects.create(
            mentor=mentor,
            mentee=mentee,
            starts_on=starts_on,
            ends_on=ends_on,
            goals=goals.strip(),
            competency=competency,
            created_by=actor,
        )


def session_log(*, actor, mentoring: Mentoring, date: datetime.date, minutes: int, notes: str) -> MentoringSession:
    """Mentor or mentee records a meeting that took place. One meeting per pairing per day, so the
    mentor and the mentee logging the same meeting never count it twice."""
    if not access.can(actor, "mentoring.log", mentoring):
        raise PermissionDenied(_("Sesi dicatat oleh mentor atau mentee."))
    errors = {}
    if date is not None:
        if not mentoring.starts_on <= date <= mentoring.ends_on:
            errors["date"] = [
                _("Tanggal di luar masa mentoring (%(start)s–%(end)s).")
                % {"start": date_format(mentoring.starts_on, "j M Y"), "end": date_format(mentoring.ends_on, "j M Y")}
            ]
        elif date > timezone.localdate():
            errors["date"] = [_("Sesi dicatat setelah berlangsung; tanggal ini belum tiba.")]
    else:
        errors["date"] = [_("Isi tanggal sesi.")]
    if minutes is None or not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = [_("Durasi 1 sampai %(max)s menit.") % {"max": MAX_MINUTES}]
    if not (notes or "").strip():
        errors["notes"] = [_("Tulis catatan: apa yang dibahas dan disepakati.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="mentoring_session_log"):
        Mentoring.objects.select_for_update().filter(pk=mentoring.pk).first()  # serialise the same-day check
        if MentoringSession.objects.filter(mentoring=mentoring, date=date).exists():
            raise ValidationError(
                {"date": [_("Sesi tanggal %(day)s sudah dicatat.") % {"day": date_format(date, "j F Y")}]}
            )
        return MentoringSession.objects.create(
            mentoring=mentoring, date=date, minutes=minutes, notes=notes.strip(), logged_by=actor
        )


def session_approve(*, actor, session: MentoringSession) -> bool:
    """Approve a logged meeting and credit its JP (non-klasikal) to the mentee. Returns False when it
    was already approved: approving twice credits once."""
    if not access.can(actor, "mentoring.approve", session):
        raise PermissionDenied(_("Sesi disetujui oleh atasan mentee atau admin BKPSDM, bukan oleh pencatatnya."))
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="mentoring_session_approve"):
        locked = (
            MentoringSession.objects.select_for_update(of=("self",))
            .select_related("mentoring__mentee", "mentoring__mentor")
            .get(pk=session.pk)
        )
        if locked.approved_at is not None:
            return False
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        locked.save(update_fields=["approved_by", "approved_at"])
        mentoring = locked.mentoring
        with translation.override(settings.LANGUAGE_CODE):  # the ledger is written in one language
            title = _("Mentoring oleh %(mentor)s") % {"mentor": mentoring.mentor.full_name}
        ledger.credit(
            employee=mentoring.mentee,
            year=locked.date.year,
            jp=ledger.jp_from_minutes(locked.minutes),
            source=JpSource.MENTORING,
            source_key=f"mentoring-session:{locked.pk}",
            title=title,
            counts_toward_pppk_cap=True,
        )
    session.refresh_from_db()
    return True
