"""Announcements (sosialisasi) from BKPSDM to everyone, to chosen units or to chosen roles."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class AnnouncementAudience(models.TextChoices):
    ALL = "all", _("Semua pegawai")
    UNITS = "units", _("Unit kerja tertentu")
    ROLES = "roles", _("Peran tertentu")


class AnnouncementStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("terjadwal")
    ACTIVE = "active", _("aktif")
    ENDED = "ended", _("berakhir")
    WITHDRAWN = "withdrawn", _("ditarik")


@pghistory.track()  # the audit trail: who published, changed or withdrew what (pghistory context)
class Announcement(BaseModel):
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    audience = models.CharField(
        _("ditujukan kepada"), max_length=5, choices=AnnouncementAudience.choices, default=AnnouncementAudience.ALL
    )
    # The units chosen (for the form) and, expanded when published, every unit of their subtrees:
    # the home page matches one's own unit against ``unit_ids`` in a single indexed query.
    units = models.ManyToManyField("employees.OrgUnit", blank=True, related_name="+", verbose_name=_("unit kerja"))
    unit_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    roles = ArrayField(models.CharField(max_length=10), default=list, blank=True, verbose_name=_("peran"))
    starts_at = models.DateTimeField(_("tampil mulai"))
    expires_at = models.DateTimeField(_("berakhir"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    is_withdrawn = models.BooleanField(_("ditarik"), default=False)
    # Set by the notification task once every addressed user has a notice (a scheduled announcement
    # is notified when it starts, by the beat sweep); ``addressed_count`` is how many that was.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    addressed_count = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("pengumuman")
        verbose_name_plural = _("pengumuman")
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return self.title

    def status_at(self, now=None) -> str:
        now = now or timezone.now()
        if self.is_withdrawn:
            return AnnouncementStatus.WITHDRAWN
        if self.starts_at > now:
            return AnnouncementStatus.SCHEDULED
        if self.expires_at is not None and self.expires_at <= now:
            return AnnouncementStatus.ENDED
        return AnnouncementStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def role_labels(self) -> list[str]:
        from apps.core.access import ROLE_LABELS

        return [ROLE_LABELS.get(role, role) for role in self.roles]

    @property
    def has_started(self) -> bool:
        """Once shown (or notified), who it is for and when it started are history: only the
        wording and the end date may still change."""
        return self.notified_at is not None or self.starts_at <= timezone.now()


class AnnouncementRead(models.Model):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="announcementread_uniq")]

    def __str__(self):
        return f"{self.announcement_id}: {self.user_id}"
