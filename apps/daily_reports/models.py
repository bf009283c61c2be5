"""Daily reports (laporan harian): one per employee per working day, with activities that may
serve an SKP indicator (IKI), evidence files, a review by the pejabat penilai, and a history.

These tables are the busiest of the product (about 400,000 reports and 1.2 million activities a
month for 20,000 employees), so they carry no trigger-based audit: ``ReportEvent`` is the
report's history (who did what, when), written by the services.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core import compiled
from apps.core.models import BaseModel


class ReportSettings(BaseModel):
    """The configurable rules of DOMAIN.md "Daily reports"; one row (pk 1)."""

    days_back = models.PositiveSmallIntegerField(
        _("batas pengisian mundur (hari kerja)"), default=3, validators=[MaxValueValidator(30)]
    )
    review_days = models.PositiveSmallIntegerField(
        _("batas pemeriksaan atasan (hari kerja)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    escalate_days = models.PositiveSmallIntegerField(
        _("eskalasi ke atasan dari atasan setelah (hari kerja tambahan)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    reminder_hour = models.PositiveSmallIntegerField(
        _("jam pengingat laporan (WIB)"), default=15, validators=[MinValueValidator(6), MaxValueValidator(23)]
    )
    max_file_mb = models.PositiveSmallIntegerField(
        _("ukuran bukti paling besar (MB)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    max_files = models.PositiveSmallIntegerField(
        _("jumlah bukti per kegiatan"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    max_activities = models.PositiveSmallIntegerField(
        _("jumlah kegiatan per laporan"), default=20, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = _("pengaturan laporan harian")
        verbose_name_plural = _("pengaturan laporan harian")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "ReportSettings":
        # every filing and review asks: read through SQL compiled once (apps/core/compiled.py)
        found = _CURRENT_SETTINGS.instances(cls, 1)
        if found:
            return found[0]
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


_CURRENT_SETTINGS = compiled.CompiledQuery(
    lambda pk: ReportSettings.objects.filter(pk=pk).order_by().values_list(*compiled.columns(ReportSettings)),
    compiled.ID,
)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    APPROVED = "approved", _("Disetujui")


class DailyReport(BaseModel):
    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="daily_reports")
    date = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "employees.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True)

    class Meta:
        verbose_name = _("laporan harian")
        verbose_name_plural = _("laporan harian")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["employee", "date"], name="daily_report_one_per_day")]
        indexes = [
            models.Index(fields=["submitted_at"], name="daily_report_waiting_idx", condition=Q(status="submitted")),
            # a team's waiting reports, oldest first (the review queue, the home's reviews card)
            models.Index(
                fields=["employee", "submitted_at"],
                name="daily_report_waiting_emp_idx",
                condition=Q(status="submitted"),
            ),
            models.Index(fields=["date", "status"], name="daily_report_date_idx"),
        ]

    def __str__(self):
        return f"{self.employee} {self.date:%Y-%m-%d}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class Place(models.TextChoices):
    KANTOR = "kantor", _("Kantor")
    LAPANGAN = "lapangan", _("Lapangan")
    RUMAH = "rumah", _("Rumah")


class Activity(BaseModel):
    """One thing done in the day; linked to an IKI of the employee's SKP, or none ("tugas lain")."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="activities")
    description = models.CharField(_("uraian kegiatan"), max_length=500)
    iki = models.ForeignKey(
        "indicators.Iki",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("indikator SKP"),
    )
    quantity = models.DecimalField(_("kuantitas"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=40, blank=True)
    starts_at = models.TimeField(_("mulai"))
    ends_at = models.TimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=10, choices=Place.choices, default=Place.KANTOR)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["report", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0), name="activity_quantity_ok"
            ),
        ]

    def __str__(self):
        return self.description


def _evidence_path(instance, filename):
    # Server-made name: nothing of the uploaded file name reaches the file system.
    return f"bukti/laporan/{instance.activity.report.date:%Y/%m}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bukti kegiatan")
        verbose_name_plural = _("bukti kegiatan")
        ordering = ["activity", "pk"]

    def __str__(self):
        return self.original_name


class ReportAction(models.TextChoices):
    SUBMITTED = "submitted", _("diajukan")
    RETURNED = "returned", _("dikembalikan")
    APPROVED = "approved", _("disetujui")
    REOPENED = "reopened", _("persetujuan dibatalkan")


class ReportEvent(models.Model):
    """The report's history: who did what, when, with the note they wrote."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=ReportAction.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report} {self.action}"


class RoutineActivity(BaseModel):
    """A saved routine ("rapat koordinasi pagi", "input data SIMPEG") added to a day in one tap."""

    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="routines")
    description = models.CharField(_("uraian kegiatan"), max_length=500)
    iki = models.ForeignKey("indicators.Iki", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    quantity = models.DecimalField(_("kuantitas"), max_digits=12, decimal_places=2, null=True, blank=True)
    starts_at = models.TimeField(_("mulai"))
    ends_at = models.TimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=10, choices=Place.choices, default=Place.KANTOR)

    class Meta:
        verbose_name = _("kegiatan rutin")
        verbose_name_plural = _("kegiatan rutin")
        ordering = ["employee", "starts_at", "pk"]

    def __str__(self):
        return self.description


class IkiRollup(models.Model):
    """Sum of approved activity quantities per IKI and evaluation period, kept in step with every
    approval in the same transaction, so achievement reads sums instead of millions of rows."""

    iki = models.ForeignKey("indicators.Iki", on_delete=models.CASCADE, related_name="rollups")
    period = models.PositiveSmallIntegerField()
    quantity = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    activity_count = models.IntegerField(default=0)  # signed: a reopened approval subtracts

    class Meta:
        constraints = [models.UniqueConstraint(fields=["iki", "period"], name="iki_rollup_unique")]

    def __str__(self):
        return f"{self.iki_id} p{self.period}: {self.quantity}"
