from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Holiday
from .selectors import YEAR_MAX, YEAR_MIN
from .services import duplicate_date_message


def _model_field(name, **kwargs):
    return Holiday._meta.get_field(name).formfield(**kwargs)


class HolidayForm(forms.Form):
    """Add or change one date of the holiday table. A plain form (not a ModelForm), so validating
    never touches the holiday itself: the service compares and saves."""

    date = _model_field(
        "date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={"invalid": _("Masukkan tanggal yang benar, misalnya 17/08/2026.")},
    )
    name = _model_field("name", widget=forms.TextInput(attrs={"placeholder": _("Misalnya: Hari Raya Idulfitri")}))
    kind = _model_field("kind")

    def __init__(self, *args, holiday: Holiday | None = None, **kwargs):
        self.holiday = holiday
        if holiday is not None and "data" not in kwargs and not args:
            kwargs["initial"] = {"date": holiday.date, "name": holiday.name, "kind": holiday.kind}
        super().__init__(*args, **kwargs)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not YEAR_MIN <= date.year <= YEAR_MAX:
            raise forms.ValidationError(
                _("Tahun harus antara %(min)s dan %(max)s."), params={"min": YEAR_MIN, "max": YEAR_MAX}
            )
        others = Holiday.objects.filter(date=date)
        if self.holiday is not None:
            others = others.exclude(pk=self.holiday.pk)
        existing = others.first()
        if existing is not None:
            raise forms.ValidationError(duplicate_date_message(existing))
        return date


class ReturnNoteForm(forms.Form):
    """The note a reviewer must write when sending something back (an SKP, a daily report)."""

    note = forms.CharField(
        label=_("Catatan untuk pegawai"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis catatan untuk pegawai: apa yang perlu diperbaiki.")},
    )
