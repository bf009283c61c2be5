"""Performance evaluation (PermenPANRB 6/2022): per employee per period, by the pejabat penilai.

An evaluation keeps the achievement it was based on (a snapshot at finalisation), the ratings the
supervisor gave with their reasons, the predicate that the matrix derives from them, and a history.
After finalisation the employee acknowledges it or objects (keberatan), and the pejabat penilai's own
supervisor decides the objection.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel
from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import Rating

from .predicate import Predicate, UnitResult


class PeriodKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodik")
    ANNUAL = "annual", _("Tahunan")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


@pghistory.track()
class EvaluationPeriod(BaseModel):
    """An evaluation period that BKPSDM opens and closes: a month or quarter (``number`` as in the
    SKP's per-period targets), or the year (``number`` 0)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.PERIODIC)
    number = models.PositiveSmallIntegerField(_("periode ke"), default=0)
    count = models.PositiveSmallIntegerField(default=12, help_text="12 monthly, 4 quarterly, 1 annual")
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    status = models.CharField(_("status"), max_length=6, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    objection_days = models.PositiveSmallIntegerField(
        _("batas keberatan (hari kerja)"), default=10, help_text=_("Hari kerja setelah evaluasi difinalkan.")
    )

    class Meta:
        verbose_name = _("periode evaluasi")
        verbose_name_plural = _("periode evaluasi")
        ordering = ["-year", "-kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "number", "count"], name="evaluation_period_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="evaluation_period_dates"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        from apps.indicators.periods import period_label

        if self.kind == PeriodKind.ANNUAL:
            return str(_("Tahunan %(year)s") % {"year": self.year})
        return period_label(self.number, self.year, count=self.count)

    @property
    def achievement_period(self) -> int | None:
        """The SKP period whose targets this evaluation measures; None = the whole year."""
        return None if self.kind == PeriodKind.ANNUAL else self.number

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Difinalkan")
    ACKNOWLEDGED = "acknowledged", _("Diterima pegawai")
    OBJECTED = "objected", _("Keberatan diajukan")
    DECIDED = "decided", _("Keberatan diputus")


@pghistory.track()
class Evaluation(BaseModel):
    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="evaluations")
    period = models.ForeignKey(EvaluationPeriod, on_delete=models.PROTECT, related_name="evaluations")
    skp = models.ForeignKey("indicators.Skp", on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.ForeignKey("employees.Employee", on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    achievement = models.DecimalField(_("capaian (%)"), max_digits=7, decimal_places=2, null=True, blank=True)
    proposed_rating = models.CharField(
        _("usulan rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    rating_hasil = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True)
    rating_reason = models.TextField(_("alasan berbeda dari usulan"), blank=True)
    rating_perilaku = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True)
    predicate = models.CharField(_("predikat kinerja"), max_length=16, choices=Predicate.choices, blank=True)
    feedback = models.TextField(_("umpan balik"), blank=True)
    breakdown = models.JSONField(default=dict, blank=True)  # the achievement per IKI as finalised
    finalised_at = models.DateTimeField(null=True, blank=True)
    objection_deadline = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluasi kinerja")
        verbose_name_plural = _("evaluasi kinerja")
        ordering = ["-period__year", "-period__number", "employee__name"]
        constraints = [models.UniqueConstraint(fields=["employee", "period"], name="evaluation_one_per_period")]
        indexes = [models.Index(fields=["period", "status"], name="evaluation_period_status_idx")]

    def __str__(self):
        return f"{self.employee} · {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status == EvaluationStatus.DRAFT


class BehaviourRating(models.Model):
    """The rating and note of one BerAKHLAK value in an evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="behaviours")
    value = models.CharField(max_length=12, choices=CoreValue.choices)
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["evaluation", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "value"], name="behaviour_rating_once")]

    def __str__(self):
        return f"{self.evaluation_id} {self.value}"


class ObjectionDecision(models.TextChoices):
    UPHELD = "upheld", _("Evaluasi tetap")
    CHANGED = "changed", _("Evaluasi diubah")


@pghistory.track()
class Objection(BaseModel):
    """Keberatan: the employee disagrees with a finalised evaluation; the pejabat penilai's own
    supervisor (Atasan Pejabat Penilai) decides."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="objection")
    reason = models.TextField(_("alasan keberatan"))
    decider = models.ForeignKey("employees.Employee", on_delete=models.SET_NULL, null=True, related_name="+")
    decision = models.CharField(_("keputusan"), max_length=8, choices=ObjectionDecision.choices, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    previous = models.JSONField(default=dict, blank=True)  # ratings before a change, for the record

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")

    def __str__(self):
        return f"{self.evaluation}"


@pghistory.track()
class UnitRating(BaseModel):
    """The leader's rating of a unit's organisational result for a period (the distribution curve)."""

    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.CASCADE, related_name="results")
    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="unit_ratings")
    result = models.CharField(_("hasil kinerja organisasi"), max_length=16, choices=UnitResult.choices)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="unit_rating_once")]

    def __str__(self):
        return f"{self.unit} {self.period}: {self.result}"


class EvaluationStep(models.Model):
    """The evaluation's history: who did what, when, with what note."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="steps")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "at", "pk"]

    LABELS = {
        "started": _("memulai evaluasi"),
        "finalised": _("memfinalkan evaluasi"),
        "acknowledged": _("menerima evaluasi"),
        "objected": _("mengajukan keberatan"),
        "objection_upheld": _("memutus keberatan: evaluasi tetap"),
        "objection_changed": _("memutus keberatan: evaluasi diubah"),
    }

    def __str__(self):
        return f"{self.evaluation_id} {self.action}"

    @property
    def label(self) -> str:
        return str(self.LABELS.get(self.action, self.action))


# The PDF reports keep their models in their own sub-package; Django discovers them through here.
from .reports.models import *  # noqa: E402, F403
