"""The citizens' satisfaction survey (SKM, PermenPANRB 14/2017; DOMAIN.md): nine elements scored
1-4 per response. IKM is computed from these rows (apps/public_feedback/ikm.py), never stored, so a
correction or a hidden response changes it everywhere at once."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel

ELEMENTS = tuple(f"u{i}" for i in range(1, 10))  # the regulation's order; wording in data/skm_unsur.csv


class AgeBand(models.TextChoices):
    UNDER_20 = "<20", _("di bawah 20 tahun")
    FROM_20 = "20-29", _("20-29 tahun")
    FROM_30 = "30-39", _("30-39 tahun")
    FROM_40 = "40-49", _("40-49 tahun")
    FROM_50 = "50-59", _("50-59 tahun")
    FROM_60 = "60+", _("60 tahun ke atas")


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD atau sederajat")
    SMP = "smp", _("SMP atau sederajat")
    SMA = "sma", _("SMA atau sederajat")
    DIPLOMA = "diploma", _("D1-D3")
    S1 = "s1", _("D4/S1")
    S2 = "s2", _("S2")
    S3 = "s3", _("S3")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS/PPPK")
    TNI_POLRI = "tni_polri", _("TNI/Polri")
    SWASTA = "swasta", _("Pegawai swasta")
    WIRAUSAHA = "wirausaha", _("Wirausaha")
    PELAJAR = "pelajar", _("Pelajar/mahasiswa")
    LAINNYA = "lainnya", _("Lainnya")


def _score_field(number: int):
    return models.PositiveSmallIntegerField(f"U{number}")


class SkmResponse(BaseModel):
    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.PROTECT, related_name="skm_responses")
    service = models.ForeignKey(
        "public_feedback.PublicService", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("tanggal"))
    # one response per device per unit per day: a hash of the device cookie, never the cookie
    device_key = models.CharField(max_length=64)
    u1 = _score_field(1)
    u2 = _score_field(2)
    u3 = _score_field(3)
    u4 = _score_field(4)
    u5 = _score_field(5)
    u6 = _score_field(6)
    u7 = _score_field(7)
    u8 = _score_field(8)
    u9 = _score_field(9)
    age_band = models.CharField(_("usia"), max_length=5, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    education = models.CharField(_("pendidikan"), max_length=8, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True)
    suggestion = models.TextField(_("saran"), blank=True)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)

    class Meta:
        verbose_name = _("jawaban SKM")
        verbose_name_plural = _("jawaban SKM")
        ordering = ["-answered_on", "-pk"]
        indexes = [models.Index(fields=["unit", "answered_on"], name="skm_unit_day")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "device_key", "answered_on"], name="skm_once_per_device_day"),
            *(
                models.CheckConstraint(condition=Q(**{f"{e}__gte": 1, f"{e}__lte": 4}), name=f"skm_{e}_1_4")
                for e in ELEMENTS
            ),
        ]

    def __str__(self):
        return f"SKM {self.unit_id} {self.answered_on}"

    def scores(self) -> list[int]:
        return [getattr(self, e) for e in ELEMENTS]
