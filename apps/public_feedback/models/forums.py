"""Public forums (forum konsultasi/komunikasi publik and sosialisasi): scheduled by BKPSDM, citizens
send input before, the minutes and follow-up actions are published after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class ForumKind(models.TextChoices):
    KOMUNIKASI = "komunikasi", _("Forum komunikasi publik")
    SOSIALISASI = "sosialisasi", _("Sosialisasi")


class ForumStatus(models.TextChoices):
    SCHEDULED = "terjadwal", _("Terjadwal")
    HELD = "terlaksana", _("Terlaksana")
    CANCELLED = "dibatalkan", _("Dibatalkan")


class Forum(BaseModel):
    topic = models.CharField(_("topik"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=ForumKind.choices, default=ForumKind.KOMUNIKASI)
    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.PROTECT, related_name="forums")
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ForumStatus.choices, default=ForumStatus.SCHEDULED)
    minutes = models.TextField(_("notulen"), blank=True)
    minutes_published_at = models.DateTimeField(_("notulen diterbitkan"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("forum publik")
        verbose_name_plural = _("forum publik")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.topic


class ForumInput(BaseModel):
    """What a citizen sends before a forum; moderators may hide it (kept, never deleted)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="inputs")
    name = models.CharField(_("nama"), max_length=120, blank=True)
    text = models.TextField(_("masukan"))
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)

    class Meta:
        verbose_name = _("masukan forum")
        verbose_name_plural = _("masukan forum")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.forum_id}:{self.pk}"


class ForumFollowUp(BaseModel):
    """A follow-up action agreed at the forum, published with the minutes."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("tindak lanjut"), max_length=300)
    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    due_on = models.DateField(_("target"), null=True, blank=True)
    done_at = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("tindak lanjut forum")
        verbose_name_plural = _("tindak lanjut forum")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.action
