"""Generated PDF reports, the monthly batch that makes them, and on-demand requests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel

__all__ = ["GeneratedReport", "ReportBatch", "ReportBatchFailure", "ReportKind", "ReportRequest"]


class ReportKind(models.TextChoices):
    EMPLOYEE = "employee", _("Laporan kinerja pegawai")
    UNIT = "unit", _("Laporan kinerja unit kerja")
    CITY = "city", _("Ringkasan kinerja pemerintah daerah")


class GeneratedReport(BaseModel):
    """One PDF: of an employee, of a unit or of the whole government, for one period. There is
    exactly one per (kind, scope, period); rendering it again replaces the file, the code and the
    checksum in the same row. ``code`` is printed on the document and opens its public
    verification page; ``sha256`` is the checksum of the file as stored."""

    kind = models.CharField(_("jenis"), max_length=10, choices=ReportKind.choices)
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, null=True, blank=True, related_name="generated_reports"
    )
    unit = models.ForeignKey(
        "employees.OrgUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="generated_reports"
    )
    period = models.ForeignKey("evaluations.EvaluationPeriod", on_delete=models.CASCADE, related_name="reports")
    file = models.FileField(_("berkas"), max_length=200)
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    generated_at = models.DateTimeField(_("dibuat"))
    # The batch run that last made it: a redelivered unit task skips what its run already made,
    # and counts a document once however many times it is rendered.
    batch = models.ForeignKey("ReportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    batch_run = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("dokumen laporan")
        verbose_name_plural = _("dokumen laporan")
        ordering = ["period", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period"], condition=Q(kind="employee"), name="report_one_per_employee"
            ),
            models.UniqueConstraint(fields=["unit", "period"], condition=Q(kind="unit"), name="report_one_per_unit"),
            models.UniqueConstraint(fields=["period"], condition=Q(kind="city"), name="report_one_per_city"),
            models.CheckConstraint(
                condition=(
                    Q(kind="employee", employee__isnull=False, unit__isnull=True)
                    | Q(kind="unit", employee__isnull=True, unit__isnull=False)
                    | Q(kind="city", employee__isnull=True, unit__isnull=True)
                ),
                name="report_scope_fits_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject} {self.period}"

    @property
    def subject(self) -> str:
        """Whom the document is about, as printed on it."""
        if self.kind == ReportKind.EMPLOYEE:
            return self.employee.full_name
        if self.kind == ReportKind.UNIT:
            return self.unit.name
        return settings.SIKAP_GOVERNMENT_NAME


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    FINISHED = "finished", _("Selesai")


class ReportBatch(BaseModel):
    """The batch of a period: one row per period, reused by every run. Starting it again begins
    a new ``run`` with its counters at zero; tasks of an older run stop at their next step.
    ``done`` and ``failed`` count documents of the current run, each once."""

    period = models.OneToOneField("evaluations.EvaluationPeriod", on_delete=models.CASCADE, related_name="report_batch")
    run = models.PositiveIntegerField(default=1)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    total = models.PositiveIntegerField(_("jumlah dokumen"), default=0)
    done = models.PositiveIntegerField(_("selesai"), default=0)
    failed = models.PositiveIntegerField(_("gagal"), default=0)
    units = models.JSONField(default=list, blank=True)  # the unit ids the dispatcher fanned out to
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(_("dimulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch laporan")
        verbose_name_plural = _("batch laporan")
        ordering = ["-period__year", "-period__number"]

    def __str__(self):
        return f"{self.period} #{self.run}"

    @property
    def percent(self) -> int:
        return min(100, round(100 * (self.done + self.failed) / self.total)) if self.total else 0


class ReportBatchFailure(models.Model):
    """A document of a batch run that could not be made, with the reason. A later success of the
    same document in the same run removes it."""

    batch = models.ForeignKey(ReportBatch, on_delete=models.CASCADE, related_name="failures")
    run = models.PositiveIntegerField()
    key = models.CharField(max_length=40)  # "employee:<pk>", "unit:<pk>", "city"
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    reason = models.TextField(_("alasan"))
    attempts = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch", "pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "run", "key"], name="report_failure_once")]

    def __str__(self):
        return f"{self.batch} {self.key}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ReportRequest(BaseModel):
    """Someone asked for the PDF of an evaluation; a task makes it and the page polls for it."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey("evaluations.Evaluation", on_delete=models.CASCADE, related_name="report_requests")
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    report = models.ForeignKey(GeneratedReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan laporan")
        verbose_name_plural = _("permintaan laporan")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.evaluation} ({self.status})"

    @property
    def is_waiting(self) -> bool:
        return self.status in (RequestStatus.PENDING, RequestStatus.RUNNING)
