from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import access
from apps.employees.models import OrgUnit

from .models import Announcement, AnnouncementAudience

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
DATETIME_INVALID = _("Masukkan tanggal dan jam yang benar, misalnya 17/08/2026 08:00.")


def _datetime_field(label, *, required):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": DATETIME_INVALID, "required": _("Isi waktu mulai tampil.")},
    )


class AnnouncementForm(forms.Form):
    """Publish or change an announcement. A plain form: the service writes, and only these fields
    reach it (published_by, unit_ids, is_withdrawn posted by hand are never read). Once the
    announcement has started, the audience and the start are shown but locked (disabled fields
    ignore what is posted for them)."""

    title = forms.CharField(label=_("Judul"), max_length=200, error_messages={"required": _("Judul wajib diisi.")})
    body = forms.CharField(
        label=_("Isi"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Teks biasa; baris baru dipertahankan."),
        error_messages={"required": _("Isi pengumuman wajib diisi.")},
    )
    audience = forms.ChoiceField(
        label=_("Ditujukan kepada"),
        choices=AnnouncementAudience.choices,
        initial=AnnouncementAudience.ALL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih kepada siapa pengumuman ditujukan.")},
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Unit kerja"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Untuk “Unit kerja tertentu”. Sub-unit di bawahnya ikut menerima."),
        error_messages={"invalid_choice": _("Unit kerja yang dipilih tidak ada atau tidak aktif.")},
    )
    roles = forms.MultipleChoiceField(
        label=_("Peran"),
        choices=list(access.ROLE_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untuk “Peran tertentu”."),
        error_messages={"invalid_choice": _("Peran yang dipilih tidak dikenal.")},
    )
    starts_at = _datetime_field(_("Tampil mulai"), required=True)
    expires_at = _datetime_field(_("Berakhir"), required=False)

    def __init__(self, *args, announcement: Announcement | None = None, **kwargs):
        self.announcement = announcement
        if announcement is not None:  # also when bound: locked (disabled) fields take their initial
            kwargs["initial"] = {
                "title": announcement.title,
                "body": announcement.body,
                "audience": announcement.audience,
                "units": [unit.pk for unit in announcement.units.all()],
                "roles": announcement.roles,
                "starts_at": timezone.localtime(announcement.starts_at),
                "expires_at": announcement.expires_at and timezone.localtime(announcement.expires_at),
            }
        super().__init__(*args, **kwargs)
        if announcement is None:
            self.fields["starts_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        active = Q(is_active=True)
        if announcement is not None:  # a unit deactivated since must still show as chosen
            active |= Q(pk__in=announcement.units.values("pk"))
        self.fields["units"].queryset = OrgUnit.objects.filter(active).order_by("name")
        self.fields["expires_at"].help_text = _("Kosongkan bila tidak ada batas waktu.")
        self.locked = announcement is not None and announcement.has_started
        if self.locked:
            for name in ("audience", "units", "roles", "starts_at"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Tidak dapat diubah: pengumuman sudah tampil.")

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == AnnouncementAudience.UNITS and not cleaned.get("units") and "units" not in self.errors:
            self.add_error("units", _("Pilih sedikitnya satu unit kerja."))
        if audience == AnnouncementAudience.ROLES and not cleaned.get("roles") and "roles" not in self.errors:
            self.add_error("roles", _("Pilih sedikitnya satu peran."))
        starts_at, expires_at = cleaned.get("starts_at"), cleaned.get("expires_at")
        if starts_at and expires_at and expires_at <= starts_at:
            self.add_error("expires_at", _("Waktu berakhir harus sesudah waktu mulai tampil."))
        return cleaned
