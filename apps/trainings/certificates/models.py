"""The certificate of a completed enrollment."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel

__all__ = ["CERTIFICATE_CODE_PREFIX", "Certificate"]

CERTIFICATE_CODE_PREFIX = "SRT-"  # tells a certificate's code from a report's (apps.core.verification)


class Certificate(BaseModel):
    """The sertifikat of one completed enrollment: exactly one per enrollment. Issuing it again
    (the task run twice, a corrected name) renders a new file into the same row and keeps the
    ``code``, so a copy printed earlier still verifies; ``sha256`` and ``size`` describe the file
    as stored now."""

    enrollment = models.OneToOneField(
        "trainings.Enrollment", on_delete=models.CASCADE, related_name="certificate", verbose_name=_("peserta")
    )
    file = models.FileField(_("berkas"), max_length=200)
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    generated_at = models.DateTimeField(_("diterbitkan"))

    class Meta:
        verbose_name = _("sertifikat pelatihan")
        verbose_name_plural = _("sertifikat pelatihan")
        ordering = ["-generated_at", "pk"]

    def __str__(self):
        return self.code

    @property
    def employee_id(self) -> int:
        """Whose certificate it is (what ``apps.core.access`` rules ask of a record)."""
        return self.enrollment.employee_id
