"""Accounts: the User (logs in with NIP or email) and personal API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class Role(models.TextChoices):
    """Roles held on the account. ASN and supervisor are known from the Employee record."""

    ASN = "asn", _("ASN")
    ADMIN = "admin", _("Admin BKPSDM")
    LEADER = "leader", _("Pimpinan")


class User(AbstractUser):
    """A person who signs in. ``username`` is the NIP for ASN; BKPSDM staff without one may use
    any short name."""

    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, default=Role.ASN)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def display_name(self) -> str:
        employee = getattr(self, "employee", None)
        if employee is not None:
            return employee.full_name
        return self.get_full_name() or self.username


class ApiToken(BaseModel):
    """A personal API token. Only its SHA-256 is stored; the user sees the token once."""

    PREFIX = "sikap_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama token"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def mark_used(self) -> None:
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=timezone.now())
