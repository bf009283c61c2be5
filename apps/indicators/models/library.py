"""The indicator library: reusable RHK/IKI templates per jabatan, kept by BKPSDM admins."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel
from apps.employees.models import JabatanKind

from .skp import Aspect, Direction, RhkKind


@pghistory.track()
class SkpTemplate(BaseModel):
    """A starting SKP for a jabatan: "Pengadministrasi Perkantoran", "Perawat Terampil", ..."""

    jabatan = models.CharField(_("jabatan"), max_length=200, unique=True)
    jabatan_kind = models.CharField(_("jenis jabatan"), max_length=20, choices=JabatanKind.choices)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("templat SKP")
        verbose_name_plural = _("templat SKP")
        ordering = ["jabatan"]

    def __str__(self):
        return self.jabatan


class RhkTemplate(models.Model):
    template = models.ForeignKey(SkpTemplate, on_delete=models.CASCADE, related_name="rhk")
    kind = models.CharField(_("jenis"), max_length=10, choices=RhkKind.choices, default=RhkKind.UTAMA)
    text = models.CharField(_("rencana hasil kerja"), max_length=400)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("templat RHK")
        verbose_name_plural = _("templat RHK")
        ordering = ["template", "position", "pk"]

    def __str__(self):
        return self.text


class IkiTemplate(models.Model):
    rhk = models.ForeignKey(RhkTemplate, on_delete=models.CASCADE, related_name="iki")
    text = models.CharField(_("indikator"), max_length=400)
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices, default=Aspect.KUANTITAS)
    target_value = models.DecimalField(_("target tahunan"), max_digits=14, decimal_places=2)
    target_unit = models.CharField(_("satuan"), max_length=40)
    direction = models.CharField(_("arah"), max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    cumulative = models.BooleanField(_("dijumlahkan per periode"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("templat IKI")
        verbose_name_plural = _("templat IKI")
        ordering = ["rhk", "position", "pk"]

    def __str__(self):
        return self.text
