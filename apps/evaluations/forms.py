from django import forms
from django.utils.translation import gettext_lazy as _

from apps.indicators.berakhlak import BEHAVIOURS, CoreValue
from apps.indicators.models import Rating

from .models import ObjectionDecision, PeriodKind
from .predicate import UnitResult

RATING_CHOICES = [("", _("— belum dinilai —")), *Rating.choices]


class EvaluationForm(forms.Form):
    """The pejabat penilai's form: ratings, one rating and note per BerAKHLAK value, feedback."""

    rating_hasil = forms.ChoiceField(label=_("Rating hasil kerja"), choices=RATING_CHOICES, required=False)
    rating_reason = forms.CharField(
        label=_("Alasan bila berbeda dari usulan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rating_perilaku = forms.ChoiceField(label=_("Rating perilaku kerja"), choices=RATING_CHOICES, required=False)
    feedback = forms.CharField(
        label=_("Umpan balik untuk pegawai"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, evaluation, **kwargs):
        initial = {
            "rating_hasil": evaluation.rating_hasil,
            "rating_reason": evaluation.rating_reason,
            "rating_perilaku": evaluation.rating_perilaku,
            "feedback": evaluation.feedback,
        }
        for row in evaluation.behaviours.all():
            initial[f"b_{row.value}"], initial[f"n_{row.value}"] = row.rating, row.note
        super().__init__(*args, initial=initial, **kwargs)
        self.behaviour_rows = []
        for value, label in CoreValue.choices:
            self.fields[f"b_{value}"] = forms.ChoiceField(label=label, choices=RATING_CHOICES, required=False)
            self.fields[f"n_{value}"] = forms.CharField(
                label=_("Catatan %(value)s") % {"value": label},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.behaviour_rows.append((value, label, BEHAVIOURS[value]))

    def behaviour_fields(self):
        return [(label, hints, self[f"b_{value}"], self[f"n_{value}"]) for value, label, hints in self.behaviour_rows]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        behaviours = {value: (data.get(f"b_{value}", ""), data.get(f"n_{value}", "")) for value in CoreValue.values}
        return {
            "rating_hasil": data["rating_hasil"],
            "rating_reason": data["rating_reason"],
            "rating_perilaku": data["rating_perilaku"],
            "feedback": data["feedback"],
            "behaviours": behaviours,
        }


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan keberatan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan alasan keberatan Anda.")},
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=ObjectionDecision.choices, widget=forms.RadioSelect)
    decision_reason = forms.CharField(
        label=_("Alasan keputusan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating_hasil = forms.ChoiceField(label=_("Rating hasil kerja baru"), choices=RATING_CHOICES, required=False)
    rating_perilaku = forms.ChoiceField(label=_("Rating perilaku kerja baru"), choices=RATING_CHOICES, required=False)


class PeriodOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Jenis"), choices=PeriodKind.choices)
    number = forms.IntegerField(
        label=_("Periode ke"),
        min_value=0,
        max_value=12,
        required=False,
        help_text=_("Bulan 1-12 (atau triwulan 1-4); kosongkan untuk evaluasi tahunan."),
    )


class UnitRatingForm(forms.Form):
    result = forms.ChoiceField(label=_("Hasil kinerja organisasi"), choices=UnitResult.choices)
