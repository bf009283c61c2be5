"""Models of the employee import (upload -> preview -> confirm)."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel

__all__ = ["EmployeeImport"]

# A preview can be confirmed (and seen) for this long after the upload; later its rows are dropped.
PREVIEW_LIFETIME = datetime.timedelta(hours=24)


class EmployeeImport(BaseModel):
    """One uploaded CSV/XLSX file of employees: its rows as read, their errors, and what applying
    it changed. Only the admin who uploaded it may see or confirm it, within ``PREVIEW_LIFETIME``."""

    class Kind(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        PREVIEW = "preview", _("pratinjau")
        APPLIED = "applied", _("diterapkan")
        FAILED = "failed", _("gagal dibaca")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="employee_imports",
        verbose_name=_("diunggah oleh"),
    )
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_kind = models.CharField(_("jenis berkas"), max_length=4, choices=Kind.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    # field -> the header as written in the file (e.g. "nip" -> "NIP BARU"); headers we do not use.
    columns = models.JSONField(default=dict, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    # The data rows as read ({"row": 2, "nip": "...", ...}, every value a string): applying the
    # import validates them again against the database of that moment.
    rows = models.JSONField(default=list, blank=True)
    # [{"row": 2, "column": "NIP", "message": "..."}]; row is None for an error about the whole file.
    errors = models.JSONField(default=list, blank=True)
    # Counts of the preview (rows, valid, invalid, dependent, create, update, unchanged) and the
    # first valid rows as read, so that showing the preview never loads ``rows``.
    summary = models.JSONField(default=dict, blank=True)
    preview_rows = models.JSONField(default=list, blank=True)
    created_count = models.PositiveIntegerField(_("dibuat"), default=0)
    updated_count = models.PositiveIntegerField(_("diubah"), default=0)
    unchanged_count = models.PositiveIntegerField(_("tidak berubah"), default=0)
    skipped_count = models.PositiveIntegerField(_("dilewati"), default=0)
    applied_at = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def expires_at(self) -> datetime.datetime:
        return (self.created_at or timezone.now()) + PREVIEW_LIFETIME

    @property
    def row_errors(self) -> list[dict]:
        return [error for error in self.errors if error.get("row") is not None]

    @property
    def file_errors(self) -> list[dict]:
        return [error for error in self.errors if error.get("row") is None]

    @property
    def is_applied(self) -> bool:
        return self.status == self.Status.APPLIED
