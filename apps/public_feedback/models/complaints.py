"""Complaints (pengaduan, UU 25/2009, Perpres 76/2013; DOMAIN.md "Complaints").

A complaint is found by the citizen with a tracking code that only they hold: the database keeps its
SHA-256 (``code_hash``), never the code, so neither a leaked backup nor the open data can be turned
into access to someone's complaint. ``reference`` is the public, non-secret number (the Open311
``service_request_id`` and what staff quote to each other).
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class FeedbackSettings(BaseModel):
    """Deadlines (working days, DOMAIN.md: configurable) and abuse limits; one row (pk 1)."""

    verify_days = models.PositiveSmallIntegerField(_("batas verifikasi dan penerusan (hari kerja)"), default=3)
    follow_up_days = models.PositiveSmallIntegerField(_("batas tindak lanjut unit (hari kerja)"), default=5)
    auto_close_days = models.PositiveSmallIntegerField(
        _("ditutup otomatis setelah tanggapan tanpa balasan (hari kerja)"), default=10
    )
    reopen_days = models.PositiveSmallIntegerField(_("batas membuka kembali setelah ditutup (hari kerja)"), default=10)
    complaints_per_hour = models.PositiveSmallIntegerField(_("pengaduan per alamat IP per jam"), default=10)
    captcha_after = models.PositiveSmallIntegerField(_("captcha setelah sekian kiriman per IP per hari"), default=3)
    lookups_per_hour = models.PositiveSmallIntegerField(_("salah kode lacak per alamat IP per jam"), default=20)
    min_fill_seconds = models.PositiveSmallIntegerField(_("waktu isi formulir minimal (detik)"), default=4)

    class Meta:
        verbose_name = _("pengaturan pengaduan dan survei")
        verbose_name_plural = _("pengaturan pengaduan dan survei")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "FeedbackSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class PublicService(BaseModel):
    """A service the government gives the public (the Open311 "service"), owned by one unit."""

    code = models.SlugField(_("kode layanan"), max_length=60, unique=True)
    name = models.CharField(_("nama layanan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.PROTECT, related_name="public_services")
    keywords = models.CharField(_("kata kunci"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("layanan publik")
        verbose_name_plural = _("layanan publik")
        ordering = ["name"]

    def __str__(self):
        return self.name


class UnitHandler(BaseModel):
    """Someone the head of a unit designated to handle its complaints (the head always may)."""

    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.CASCADE, related_name="complaint_handlers")
    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="complaint_units")
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("petugas pengaduan unit")
        verbose_name_plural = _("petugas pengaduan unit")
        constraints = [models.UniqueConstraint(fields=["unit", "employee"], name="unit_handler_once")]

    def __str__(self):
        return f"{self.employee} @ {self.unit}"


class ComplaintKind(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    ASPIRASI = "aspirasi", _("Aspirasi")
    INFORMASI = "informasi", _("Permintaan informasi")


class ComplaintStatus(models.TextChoices):
    BARU = "baru", _("Menunggu verifikasi")
    PERLU_INFO = "perlu_info", _("Menunggu informasi pelapor")
    DITERUSKAN = "diteruskan", _("Ditangani unit kerja")
    DITANGGAPI = "ditanggapi", _("Telah ditanggapi")
    SELESAI = "selesai", _("Selesai")
    TIDAK_SELESAI = "tidak_selesai", _("Ditutup, tidak terselesaikan")
    BUKAN_WEWENANG = "bukan_wewenang", _("Bukan wewenang")
    SPAM = "spam", _("Diarsipkan (spam)")


CLOSED_STATUSES = frozenset(
    {ComplaintStatus.SELESAI, ComplaintStatus.TIDAK_SELESAI, ComplaintStatus.BUKAN_WEWENANG, ComplaintStatus.SPAM}
)


class Channel(models.TextChoices):
    WEB = "web", _("Formulir web")
    API = "api", _("API")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    # the audit of reads: every time someone is shown the reporter's identity or contact data
    pghistory.ManualEvent("personal_data.viewed"),
    model_name="ComplaintAudit",
)
class Complaint(BaseModel):
    reference = models.CharField(_("nomor"), max_length=20, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=ComplaintKind.choices)
    channel = models.CharField(_("saluran"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    service = models.ForeignKey(
        PublicService, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    # the unit the reporter chose, and the one BKPSDM routed it to (often the same)
    unit = models.ForeignKey(
        "employees.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints_reported"
    )
    handling_unit = models.ForeignKey(
        "employees.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints_handled"
    )
    subject_text = models.CharField(_("pegawai yang dimaksud"), max_length=200, blank=True)
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    # None until a handler decides; only substantiated complaints count against the person
    substantiated = models.BooleanField(_("terbukti"), null=True, blank=True)
    description = models.TextField(_("uraian kejadian"))
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    is_confidential = models.BooleanField(_("rahasia"), default=False)
    reporter_name = models.CharField(_("nama pelapor"), max_length=120, blank=True)
    reporter_email = models.EmailField(_("email pelapor"), blank=True)
    reporter_phone = models.CharField(_("telepon pelapor"), max_length=20, blank=True)
    contact_consent = models.BooleanField(_("setuju dihubungi"), default=False)
    # a blocklisted email or phone: kept for the record, hidden from every list and count
    is_blocked = models.BooleanField(_("diblokir"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.BARU)
    submitted_at = models.DateTimeField(_("diterima"))
    verify_due = models.DateField(_("batas verifikasi"))
    routed_at = models.DateTimeField(_("diteruskan"), null=True, blank=True)
    follow_up_due = models.DateField(_("batas tindak lanjut"), null=True, blank=True)
    responded_at = models.DateTimeField(_("ditanggapi"), null=True, blank=True)
    auto_close_due = models.DateField(_("ditutup otomatis pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    close_reason = models.TextField(_("alasan penutupan"), blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("dibuka kembali"), default=0)
    rating = models.PositiveSmallIntegerField(_("penilaian pelapor"), null=True, blank=True)
    rating_comment = models.TextField(_("komentar penilaian"), blank=True)
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "verify_due"], name="complaint_status_due"),
            models.Index(fields=["handling_unit", "status"], name="complaint_unit_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="complaint_rating_1_5"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def is_public(self) -> bool:
        """May appear on public pages and open data: not rahasia, not about a person, not hidden."""
        return (
            not self.is_confidential
            and not self.subject_text
            and self.employee_id is None
            and not self.is_blocked
            and self.status != ComplaintStatus.SPAM
        )


class EntryKind(models.TextChoices):
    SUBMITTED = "submitted", _("Pengaduan diterima")
    INFO_REQUESTED = "info_requested", _("Informasi tambahan diminta")
    INFO_ADDED = "info_added", _("Pelapor menambahkan informasi")
    ROUTED = "routed", _("Diteruskan ke unit kerja")
    OUT_OF_SCOPE = "out_of_scope", _("Dinyatakan bukan wewenang")
    SPAM = "spam", _("Diarsipkan sebagai spam")
    REPLY = "reply", _("Tanggapan")
    NOTE = "note", _("Catatan internal")
    RESOLVED = "resolved", _("Dinyatakan selesai")
    CLOSED_UNRESOLVED = "closed_unresolved", _("Ditutup tidak terselesaikan")
    AUTO_CLOSED = "auto_closed", _("Ditutup otomatis")
    REOPENED = "reopened", _("Dibuka kembali oleh pelapor")
    RATED = "rated", _("Pelapor memberi penilaian")
    LINKED = "linked", _("Dikaitkan dengan pegawai")
    ESCALATED = "escalated", _("Dieskalasi karena melewati batas waktu")


class ComplaintEntry(models.Model):
    """One line of a complaint's timeline. ``is_public`` entries are what the reporter sees on the
    tracking page; internal notes, links to employees and escalations never are."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    is_public = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    # None for the reporter and for the system (by_reporter tells them apart)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_reporter = models.BooleanField(default=False)
    status_after = models.CharField(max_length=16, choices=ComplaintStatus.choices, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.complaint_id}:{self.kind}"


class ComplaintAttachment(models.Model):
    """A file the reporter sent (checked by content, images re-encoded without metadata); served
    only through an access-checked view, as an attachment."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    entry = models.ForeignKey(ComplaintEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class ContactKind(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Telepon")


class ContactBlock(BaseModel):
    """An email or phone number (normalised) whose submissions are kept but hidden."""

    kind = models.CharField(_("jenis"), max_length=8, choices=ContactKind.choices)
    value = models.CharField(_("nilai"), max_length=200)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("daftar blokir kontak")
        verbose_name_plural = _("daftar blokir kontak")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="contact_block_once")]

    def __str__(self):
        return f"{self.kind}:{self.value}"
