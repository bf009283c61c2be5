import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Creation and update times for every table of ours."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A Celery task to send, written in the same transaction as the change that needs it.

    If the broker is down when the transaction commits, the row stays pending and
    ``outbox_sweep`` sends it later, so a Redis outage loses no follow-up work.
    """

    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("pesan tertunda")
        verbose_name_plural = _("pesan tertunda")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=models.Q(dispatched_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.task_name} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.dispatched_at is None


class HolidayKind(models.TextChoices):
    """What a date in the holiday table means for working days."""

    LIBUR_NASIONAL = "libur_nasional", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LIBUR_DAERAH = "libur_daerah", _("Libur daerah")
    HARI_KERJA_TAMBAHAN = "hari_kerja_tambahan", _("Hari kerja tambahan")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Holiday(BaseModel):
    """One date of the holiday table that BKPSDM admins maintain.

    Every kind but ``hari_kerja_tambahan`` is a day off; ``hari_kerja_tambahan`` opens a date that
    would otherwise be off (a Saturday worked in exchange for a cuti bersama). Deadlines read this
    table only through ``apps/core/workdays.py``.
    """

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=200)
    kind = models.CharField(
        _("jenis"),
        max_length=24,
        choices=HolidayKind.choices,
        default=HolidayKind.LIBUR_NASIONAL,
        help_text=_("Hari kerja tambahan: tanggal yang tetap hari kerja walau jatuh pada akhir pekan."),
    )

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=HolidayKind.values), name="holiday_kind_valid"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"

    @property
    def is_day_off(self) -> bool:
        return self.kind != HolidayKind.HARI_KERJA_TAMBAHAN

    @property
    def falls_on_weekend(self) -> bool:
        return self.date.weekday() >= 5


class Notification(models.Model):
    """An in-app notice for one user (the notification centre). ``key`` makes sending idempotent:
    a task that runs twice finds the notice it already wrote and sends no second email."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]
        indexes = [
            models.Index(
                fields=["user", "created_at"], name="notification_unread_idx", condition=models.Q(read_at__isnull=True)
            )
        ]

    def __str__(self):
        return self.title


class FormDraft(models.Model):
    """What someone was typing into a form, saved as they go (htmx autosave), so a dropped
    connection or a closed tab loses nothing. One row per user and form key."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    # set when the form was submitted: autosaves from before then are late and dropped (core/drafts.py)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="form_draft_once_per_key")]

    def __str__(self):
        return f"{self.user_id}:{self.key}"


class RateHit(models.Model):
    """One counted attempt (a submission, a wrong tracking code) for a rate limit. In the database,
    not Redis, so the limits hold while Redis is down (apps/core/ratelimit.py); ``key`` is a hash
    of what is limited (an IP address), never the address itself."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="rate_hit_lookup")]

    def __str__(self):
        return f"{self.scope}:{self.key[:8]}"


class AuditAction(models.TextChoices):
    LOGIN = "login", _("masuk")
    LOGIN_FAILED = "login_failed", _("gagal masuk")
    LOGOUT = "logout", _("keluar")
    PASSWORD_CHANGED = "password_changed", _("kata sandi diganti")
    PASSWORD_RESET = "password_reset", _("kata sandi diatur ulang")
    MFA_ADDED = "mfa_added", _("autentikasi dua langkah dipasang")
    MFA_REMOVED = "mfa_removed", _("autentikasi dua langkah dilepas")
    MFA_RESET = "mfa_reset", _("kode pemulihan dibuat ulang")
    MFA_FAILED = "mfa_failed", _("kode dua langkah salah")
    ROLE_CHANGED = "role_changed", _("peran diubah")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("akun dinonaktifkan")
    REPORT_APPROVED = "report_approved", _("laporan harian disetujui")
    REPORT_RETURNED = "report_returned", _("laporan harian dikembalikan")
    EVALUATION_FINALISED = "evaluation_finalised", _("evaluasi difinalkan")
    COMPLAINT_STATUS = "complaint_status", _("status pengaduan berubah")
    PERSONAL_DATA_VIEW = "personal_data_view", _("data pribadi dilihat")
    DOWNLOAD = "download", _("unduhan")


class AuditEvent(models.Model):
    """One security-relevant event (apps/core/audit.py): when (stored in UTC), who, from which
    address, on what. Append-only; ``details`` never holds a password, token or code."""

    at = models.DateTimeField(_("waktu"), db_index=True)
    action = models.CharField(_("peristiwa"), max_length=30, choices=AuditAction.choices)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("pelaku"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor's username when it happened (kept if the account is later renamed or deleted).
    actor_label = models.CharField(_("akun"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    object_type = models.CharField(_("jenis objek"), max_length=60, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    details = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        indexes = [models.Index(fields=["action", "at"], name="audit_action_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_label}"


class FailedTask(models.Model):
    """A background task that failed for good: it raised after its bounded retries (or had none).

    Written by the ``task_failure`` handler (apps/core/failed_tasks.py), which Celery calls only
    once the retries are used up, so BKPSDM admins see what needs a hand. One row per task id: a
    redelivered message that fails again updates its row. ``arguments`` is a summary (numbers and
    flags only), never a secret."""

    task_name = models.CharField(_("nama tugas"), max_length=200)
    task_id = models.CharField(_("ID tugas"), max_length=64, unique=True)
    arguments = models.TextField(_("argumen"), blank=True)
    exception_type = models.CharField(_("jenis kesalahan"), max_length=200)
    exception_message = models.TextField(_("pesan kesalahan"), blank=True)
    traceback_tail = models.TextField(_("jejak kesalahan"), blank=True)
    attempts = models.PositiveIntegerField(_("percobaan"), default=1)
    failed_at = models.DateTimeField(_("gagal pada"), db_index=True)
    resolved_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("tugas gagal")
        verbose_name_plural = _("tugas gagal")
        ordering = ["-failed_at", "-pk"]

    def __str__(self):
        return f"{self.task_name}[{self.task_id}]"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
