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
