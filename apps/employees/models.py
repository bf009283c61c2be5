"""The organisation tree, the employees (ASN) and acting officials (Plt/Plh)."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel

from .pangkat import GOLONGAN_CHOICES, pangkat_label


class OrgUnitKind(models.TextChoices):
    PEMERINTAH = "pemerintah", _("Pemerintah Daerah")
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    SATUAN = "satuan", _("Satuan")
    RSUD = "rsud", _("Rumah Sakit Umum Daerah")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    BAGIAN = "bagian", _("Bagian")
    BIDANG = "bidang", _("Bidang")
    SUBBAGIAN = "subbagian", _("Subbagian")
    SEKSI = "seksi", _("Seksi")
    UPT = "upt", _("UPT")
    LAINNYA = "lainnya", _("Lainnya")


@pghistory.track()
class OrgUnit(BaseModel):
    """A unit of the government: the government itself, a perangkat daerah, or any part of one."""

    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=60, blank=True)
    code = models.CharField(_("kode"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    head = models.ForeignKey(
        "Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name=_("kepala unit"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="orgunit_not_own_parent"),
        ]

    def __str__(self):
        return self.name


class EmploymentType(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")
    PPPK_PARUH_WAKTU = "pppk_pw", _("PPPK Paruh Waktu")


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class JabatanKind(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


@pghistory.track()
class Employee(BaseModel):
    """An ASN (PNS or PPPK) with their unit and direct supervisor (atasan langsung)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("akun"),
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    gelar_depan = models.CharField(_("gelar depan"), max_length=30, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    employment_type = models.CharField(
        _("jenis kepegawaian"), max_length=10, choices=EmploymentType.choices, default=EmploymentType.PNS
    )
    golongan = models.CharField(_("golongan"), max_length=6, blank=True, choices=GOLONGAN_CHOICES)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    jabatan_kind = models.CharField(
        _("jenis jabatan"), max_length=20, choices=JabatanKind.choices, default=JabatanKind.PELAKSANA
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="members", verbose_name=_("unit kerja"))
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("atasan langsung"),
    )
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    work_email = models.EmailField(_("email kantor"), blank=True)
    work_phone = models.CharField(_("telepon kantor"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(supervisor=models.F("pk")), name="employee_not_own_supervisor"),
        ]
        indexes = [models.Index(fields=["supervisor", "is_active"], name="employee_supervisor_idx")]

    def __str__(self):
        return self.full_name

    @property
    def pangkat(self) -> str:
        return pangkat_label(self.golongan)

    @property
    def is_pns(self) -> bool:
        return self.employment_type == EmploymentType.PNS

    @property
    def full_name(self) -> str:
        """The name as written on documents: "Dr. Siti Aminah, S.E., M.Si."."""
        front = f"{self.gelar_depan} " if self.gelar_depan else ""
        back = f", {self.gelar_belakang}" if self.gelar_belakang else ""
        return f"{front}{self.name}{back}"


class ActingKind(models.TextChoices):
    PLT = "plt", _("Pelaksana Tugas (Plt)")
    PLH = "plh", _("Pelaksana Harian (Plh)")


@pghistory.track()
class ActingAssignment(BaseModel):
    """Employee X acts as the head of unit U from ``starts_on`` to ``ends_on`` (inclusive)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="acting_assignments")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="acting_assignments")
    kind = models.CharField(_("jenis"), max_length=3, choices=ActingKind.choices)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))

    class Meta:
        verbose_name = _("penugasan Plt/Plh")
        verbose_name_plural = _("penugasan Plt/Plh")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="acting_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit}: {self.employee}"


# The import feature keeps its models in its own sub-package; Django discovers them through here.
from .imports.models import *  # noqa: E402, F403
