"""Competence development (PP 11/2017 jo. PP 17/2020; DOMAIN.md "Competence development"):
competencies, programs and their dated sessions, enrollment with a waiting list, attendance,
completion, and the JP ledger that every learning path credits into."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class TrainingSettings(BaseModel):
    """The configurable JP rules; one row (pk 1)."""

    minutes_per_jp = models.PositiveSmallIntegerField(_("menit per JP"), default=45, validators=[MinValueValidator(1)])
    pns_min_jp = models.PositiveSmallIntegerField(_("JP minimal PNS per tahun"), default=20)
    pppk_max_jp = models.PositiveSmallIntegerField(_("JP maksimal PPPK per tahun kontrak"), default=24)
    completion_share = models.PositiveSmallIntegerField(
        _("kehadiran minimal untuk lulus (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    impact_periods = models.PositiveSmallIntegerField(
        _("periode sebelum/sesudah untuk analisis dampak"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    incentive_margin = models.DecimalField(
        _("kenaikan capaian untuk kandidat insentif (poin %)"), max_digits=5, decimal_places=1, default=10
    )

    class Meta:
        verbose_name = _("pengaturan pengembangan kompetensi")
        verbose_name_plural = _("pengaturan pengembangan kompetensi")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "TrainingSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class CompetencyKind(models.TextChoices):
    TEKNIS = "teknis", _("Teknis")
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")


class Competency(BaseModel):
    name = models.CharField(_("nama"), max_length=150, unique=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=CompetencyKind.choices)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class LearningPath(models.TextChoices):
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    KLASIKAL = "klasikal", _("Pelatihan klasikal")
    NON_KLASIKAL = "non_klasikal", _("Pelatihan non-klasikal")


@pghistory.track()
class TrainingProgram(BaseModel):
    name = models.CharField(_("nama program"), max_length=200)
    path = models.CharField(_("jalur"), max_length=14, choices=LearningPath.choices)
    method = models.CharField(_("bentuk"), max_length=40, help_text=_("mis. bimbingan teknis, e-learning, mentoring"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)])
    competencies = models.ManyToManyField(Competency, related_name="programs", blank=True, verbose_name=_("kompetensi"))
    description = models.TextField(_("uraian"), blank=True)
    partner = models.CharField(_("lembaga mitra"), max_length=200, blank=True)
    # who it is for; empty means everyone
    jabatan_kinds = models.JSONField(_("jenis jabatan sasaran"), default=list, blank=True)
    units = models.ManyToManyField("employees.OrgUnit", related_name="+", blank=True, verbose_name=_("unit sasaran"))
    min_golongan = models.CharField(_("golongan terendah"), max_length=6, blank=True)
    max_golongan = models.CharField(_("golongan tertinggi"), max_length=6, blank=True)
    counts_toward_pppk_cap = models.BooleanField(_("dihitung dalam batas JP PPPK"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(jp__gte=0), name="program_jp_not_negative")]

    def __str__(self):
        return self.name


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Dijadwalkan")
    CANCELLED = "cancelled", _("Dibatalkan")
    CLOSED = "closed", _("Selesai")


@pghistory.track()
class TrainingSession(BaseModel):
    """One dated run of a program. ``seats_taken`` counts registered participants; it is only
    changed under a row lock on the session (services), and the database keeps it in range."""

    program = models.ForeignKey(TrainingProgram, on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])
    seats_taken = models.PositiveIntegerField(default=0)
    registration_deadline = models.DateField(_("batas pendaftaran"))
    facilitator = models.CharField(_("fasilitator"), max_length=200, blank=True)
    checkin_code = models.CharField(_("kode presensi"), max_length=12, blank=True)
    checkin_code_expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )

    class Meta:
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="session_dates_ordered"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="session_seats_within_capacity"),
        ]

    def __str__(self):
        return f"{self.program} ({self.starts_on:%d/%m/%Y})"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


class EnrollmentStatus(models.TextChoices):
    REGISTERED = "registered", _("Terdaftar")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    CANCELLED = "cancelled", _("Dibatalkan")
    COMPLETED = "completed", _("Lulus")
    NOT_COMPLETED = "not_completed", _("Tidak lulus")


class EnrollmentSource(models.TextChoices):
    SELF = "self", _("Mendaftar sendiri")
    NOMINATED = "nominated", _("Diusulkan atasan")
    ASSIGNED = "assigned", _("Ditugaskan BKPSDM")


ACTIVE_ENROLLMENT = ("registered", "waitlisted", "completed", "not_completed")


@pghistory.track()
class Enrollment(BaseModel):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="enrollments")
    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="enrollments")
    status = models.CharField(_("status"), max_length=14, choices=EnrollmentStatus.choices)
    source = models.CharField(_("asal"), max_length=10, choices=EnrollmentSource.choices, default=EnrollmentSource.SELF)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    pre_score = models.DecimalField(_("nilai pre-test"), max_digits=5, decimal_places=2, null=True, blank=True)
    post_score = models.DecimalField(_("nilai post-test"), max_digits=5, decimal_places=2, null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                condition=Q(status__in=ACTIVE_ENROLLMENT),
                name="enrollment_once_per_session",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"], name="enrollment_queue_idx")]

    def __str__(self):
        return f"{self.employee} · {self.session}"


class Attendance(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("tanggal"))
    present = models.BooleanField(_("hadir"), default=True)
    by_checkin = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrollment", "day"], name="attendance_once_per_day")]

    def __str__(self):
        return f"{self.enrollment_id} {self.day}"


class JpSource(models.TextChoices):
    SESSION = "session", _("Pelatihan")
    MENTORING = "mentoring", _("Mentoring")
    EXTERNAL = "external", _("Pembelajaran mandiri/eksternal")


class JpEntry(models.Model):
    """One credit of JP: the ledger every learning path writes into, once per source."""

    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="jp_entries")
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1)
    source = models.CharField(_("sumber"), max_length=10, choices=JpSource.choices)
    source_key = models.CharField(max_length=60)  # "enrollment:12", "mentoring-session:4", "external:9"
    title = models.CharField(_("kegiatan"), max_length=250)
    counts_toward_pppk_cap = models.BooleanField(default=True)
    credited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catatan JP")
        verbose_name_plural = _("catatan JP")
        ordering = ["-year", "-credited_at"]
        constraints = [
            models.UniqueConstraint(fields=["source_key"], name="jp_entry_once_per_source"),
            models.CheckConstraint(condition=Q(jp__gte=0), name="jp_entry_not_negative"),
        ]
        indexes = [models.Index(fields=["employee", "year"], name="jp_entry_employee_year_idx")]

    def __str__(self):
        return f"{self.employee_id} {self.year} {self.jp} JP"


class SessionFeedback(models.Model):
    """A participant's short evaluation of a session they attended (1-5 each)."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="feedback")
    content = models.PositiveSmallIntegerField(_("materi"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    facilitator = models.PositiveSmallIntegerField(
        _("fasilitator"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    relevance = models.PositiveSmallIntegerField(
        _("relevansi dengan pekerjaan"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("komentar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    content__gte=1,
                    content__lte=5,
                    facilitator__gte=1,
                    facilitator__lte=5,
                    relevance__gte=1,
                    relevance__lte=5,
                ),
                name="feedback_scores_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.enrollment_id}"


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    VERIFIED = "verified", _("Diverifikasi")
    REJECTED = "rejected", _("Ditolak")


def _certificate_path(instance, filename):
    import uuid

    return f"sertifikat/eksternal/{instance.employee_id}/{uuid.uuid4().hex}"


@pghistory.track()
class ExternalLearning(BaseModel):
    """Learning outside the catalogue (a course, a seminar, self-study) that the ASN submits with a
    certificate; an admin verifies it and its JP are credited."""

    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="external_learning")
    title = models.CharField(_("nama kegiatan"), max_length=250)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    path = models.CharField(_("jalur"), max_length=14, choices=LearningPath.choices, default=LearningPath.NON_KLASIKAL)
    started_on = models.DateField(_("mulai"))
    ended_on = models.DateField(_("selesai"))
    jp_claimed = models.DecimalField(_("JP diajukan"), max_digits=6, decimal_places=1)
    certificate = models.FileField(_("sertifikat"), upload_to=_certificate_path)
    certificate_name = models.CharField(max_length=200, blank=True)
    certificate_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED)
    jp_credited = models.DecimalField(_("JP diakui"), max_digits=6, decimal_places=1, null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("catatan verifikasi"), blank=True)

    class Meta:
        verbose_name = _("pembelajaran eksternal")
        verbose_name_plural = _("pembelajaran eksternal")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__gte=F("started_on")), name="external_dates_ordered"),
            models.CheckConstraint(condition=Q(jp_claimed__gt=0), name="external_jp_positive"),
        ]

    def __str__(self):
        return self.title


@pghistory.track()
class Mentoring(BaseModel):
    """An experienced mentor paired with a mentee for a period, with goals."""

    mentor = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="mentoring_given")
    mentee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="mentoring_received")
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    goals = models.TextField(_("tujuan"))
    competency = models.ForeignKey(Competency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("mentoring")
        verbose_name_plural = _("mentoring")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="mentoring_dates_ordered"),
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentoring_not_self"),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"


class MentoringSession(models.Model):
    """One meeting, logged by mentor or mentee; approved ones credit non-klasikal JP."""

    mentoring = models.ForeignKey(Mentoring, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    minutes = models.PositiveSmallIntegerField(
        _("durasi (menit)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    notes = models.TextField(_("catatan"))
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mentoring", "date", "pk"]

    def __str__(self):
        return f"{self.mentoring_id} {self.date}"


class NeedsSurvey(BaseModel):
    """The yearly training needs survey that BKPSDM opens (analisis kebutuhan pelatihan)."""

    year = models.PositiveSmallIntegerField(_("untuk tahun"), unique=True)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))

    class Meta:
        verbose_name = _("survei kebutuhan pelatihan")
        verbose_name_plural = _("survei kebutuhan pelatihan")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="needs_survey_dates")]

    def __str__(self):
        return f"{self.year}"


class NeedProposal(BaseModel):
    """A need proposed by an ASN for themself, or by a supervisor for a member of their team."""

    survey = models.ForeignKey(NeedsSurvey, on_delete=models.CASCADE, related_name="proposals")
    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="training_needs")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    competency = models.ForeignKey(Competency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    program = models.ForeignKey(TrainingProgram, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.CharField(_("kebutuhan"), max_length=500, blank=True)

    class Meta:
        ordering = ["survey", "employee", "pk"]

    def __str__(self):
        return self.text or str(self.competency or self.program)


# The certificates keep their model in their own sub-package; Django discovers it through here.
from .certificates.models import *  # noqa: E402, F403
