from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.upload_fields import SingleFileField

from .models import Activity, ReportSettings
from .selectors import iki_choices

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["description", "iki", "quantity", "starts_at", "ends_at", "place"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "starts_at": TIME, "ends_at": TIME}
        help_texts = {"quantity": _("Satuan mengikuti indikator yang dipilih.")}
        error_messages = {
            "description": {"required": _("Tulis uraian kegiatannya.")},
            "starts_at": {"required": _("Isi jam mulai."), "invalid": _("Tulis jam seperti 08:30.")},
            "ends_at": {"required": _("Isi jam selesai."), "invalid": _("Tulis jam seperti 16:00.")},
        }

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        iki = self.fields["iki"]
        iki.queryset = iki_choices(report.employee, report.date.year)
        iki.empty_label = _("Tugas lain (tidak terkait indikator SKP)")
        iki.label_from_instance = lambda item: f"{item.text} ({item.target_unit})"
        iki.required = False
        self.fields["quantity"].widget.attrs.update({"step": "0.01", "min": "0", "inputmode": "decimal"})
        self.fields["description"].widget.attrs.update({"maxlength": "500"})


class EvidenceForm(forms.Form):
    file = SingleFileField(
        label=_("Bukti dukung"), error_messages={"required": _("Pilih file bukti yang akan diunggah.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mb = ReportSettings.current().max_file_mb
        self.fields["file"].help_text = _("PDF, JPEG, PNG, DOCX, atau XLSX; paling besar %(mb)s MB.") % {"mb": mb}
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,image/*"


class QueueFilterForm(forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=18, required=False)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = [
            "days_back",
            "review_days",
            "escalate_days",
            "reminder_hour",
            "max_file_mb",
            "max_files",
            "max_activities",
        ]
