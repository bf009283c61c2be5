"""SKP (Sasaran Kinerja Pegawai, PermenPANRB 6/2022): the annual plan of one ASN.

An SKP holds RHK (Rencana Hasil Kerja), each measured by IKI (Indikator Kinerja Individu) with an
annual target split into targets per evaluation period. The rows are the live plan; every approval
freezes a readable snapshot (``SkpRevision``), so a later revision never rewrites history while
realisation and daily-report activities keep pointing at the same IKI rows.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel

from ..berakhlak import CoreValue


class SkpStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    APPROVED = "approved", _("Disetujui")


EDITABLE_STATUSES = (SkpStatus.DRAFT, SkpStatus.RETURNED)


@pghistory.track()
class Skp(BaseModel):
    """The SKP of an employee for a year; ``revision`` counts the versions agreed or in work."""

    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="skps")
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(_("status"), max_length=10, choices=SkpStatus.choices, default=SkpStatus.DRAFT)
    revision = models.PositiveSmallIntegerField(_("revisi"), default=1)
    evaluator = models.ForeignKey(
        "employees.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pejabat penilai"),
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "employees.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_note = models.TextField(_("catatan pengembalian"), blank=True)

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-year", "employee__name"]
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="skp_one_per_employee_year")]
        indexes = [models.Index(fields=["year", "status"], name="skp_year_status_idx")]

    def __str__(self):
        return f"SKP {self.year} {self.employee}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def was_ever_approved(self) -> bool:
        return self.approved_at is not None


class SkpRevision(models.Model):
    """A frozen copy of an SKP as its pejabat penilai approved it (read-only history)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revisi"))
    approved_at = models.DateTimeField(_("disetujui"))
    approved_by = models.ForeignKey("employees.Employee", on_delete=models.SET_NULL, null=True, related_name="+")
    snapshot = models.JSONField()

    class Meta:
        verbose_name = _("revisi SKP")
        verbose_name_plural = _("revisi SKP")
        ordering = ["skp", "number"]
        constraints = [models.UniqueConstraint(fields=["skp", "number"], name="skp_revision_unique")]

    def __str__(self):
        return f"{self.skp} r{self.number}"


class RhkKind(models.TextChoices):
    UTAMA = "utama", _("Utama")
    TAMBAHAN = "tambahan", _("Tambahan")


@pghistory.track()
class Rhk(BaseModel):
    """Rencana Hasil Kerja: a work result the employee commits to, supporting (intervening in) an
    RHK of their pejabat penilai or, for a unit head, a goal of their unit."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk")
    kind = models.CharField(_("jenis"), max_length=10, choices=RhkKind.choices, default=RhkKind.UTAMA)
    text = models.CharField(_("rencana hasil kerja"), max_length=400)
    position = models.PositiveSmallIntegerField(default=0)
    weight = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("RHK atasan yang diintervensi"),
    )
    unit_goal = models.ForeignKey(
        "indicators.UnitGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rhk",
        verbose_name=_("sasaran unit yang didukung"),
    )

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["skp", "kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gt=0, weight__lte=100), name="rhk_weight_range"
            ),
        ]

    def __str__(self):
        return self.text


class Aspect(models.TextChoices):
    KUANTITAS = "kuantitas", _("Kuantitas")
    KUALITAS = "kualitas", _("Kualitas")
    WAKTU = "waktu", _("Waktu")
    BIAYA = "biaya", _("Biaya")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Makin tinggi makin baik")
    LOWER = "lower", _("Makin rendah makin baik")


@pghistory.track()
class Iki(BaseModel):
    """Indikator Kinerja Individu: how an RHK is measured.

    ``cumulative``: period realisations add up to the annual one (documents, people served), so
    the annual target is split over the periods. Otherwise the indicator is a level (a percentage,
    days per permit, an index) measured against the same target in every period.
    """

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="iki")
    text = models.CharField(_("indikator"), max_length=400)
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices, default=Aspect.KUANTITAS)
    target_value = models.DecimalField(_("target tahunan"), max_digits=14, decimal_places=2)
    target_unit = models.CharField(_("satuan"), max_length=40)
    direction = models.CharField(_("arah"), max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    cumulative = models.BooleanField(
        _("dijumlahkan per periode"),
        default=True,
        help_text=_(
            "Centang bila realisasi tiap periode dijumlahkan (dokumen, orang). Kosongkan untuk "
            "persentase, indeks, atau lama waktu yang diukur sama setiap periode."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Stable across years: "copy last year's SKP" keeps it, so trends can follow one indicator.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("IKI")
        verbose_name_plural = _("IKI")
        ordering = ["rhk", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(target_value__gte=0), name="iki_target_not_negative")]

    def __str__(self):
        return self.text


class IkiPeriodTarget(models.Model):
    """The target of an IKI for one evaluation period (1..12 monthly, 1..4 quarterly)."""

    iki = models.ForeignKey(Iki, on_delete=models.CASCADE, related_name="period_targets")
    period = models.PositiveSmallIntegerField(_("periode"))
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["iki", "period"]
        constraints = [
            models.UniqueConstraint(fields=["iki", "period"], name="iki_period_target_unique"),
            models.CheckConstraint(condition=Q(target_value__gte=0), name="iki_period_target_not_negative"),
        ]

    def __str__(self):
        return f"{self.iki} p{self.period}"


def _evidence_path(instance, filename):
    # Server-made name: nothing of the uploaded file name reaches the file system.
    return f"bukti/realisasi/{instance.iki_id}/{uuid.uuid4().hex}"


@pghistory.track()
class IkiRealisation(BaseModel):
    """A manual realisation of an IKI in a period, for what daily-report activities cannot count
    (a satisfaction percentage, an audit result); backed by evidence."""

    iki = models.ForeignKey(Iki, on_delete=models.CASCADE, related_name="realisations")
    period = models.PositiveSmallIntegerField(_("periode"))
    value = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=2)
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    evidence = models.FileField(_("bukti dukung"), upload_to=_evidence_path, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("realisasi IKI")
        verbose_name_plural = _("realisasi IKI")
        ordering = ["iki", "period", "created_at"]
        indexes = [models.Index(fields=["iki", "period"], name="iki_realisation_idx")]
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="iki_realisation_not_negative")]


@pghistory.track()
class BehaviourExpectation(BaseModel):
    """Ekspektasi khusus pimpinan: what the pejabat penilai expects for one BerAKHLAK value."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="expectations")
    value = models.CharField(_("nilai BerAKHLAK"), max_length=12, choices=CoreValue.choices)
    text = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    class Meta:
        ordering = ["skp", "pk"]
        constraints = [models.UniqueConstraint(fields=["skp", "value"], name="expectation_one_per_value")]
