"""Forms of the recommendation, impact and needs pages (apps/trainings/views_development.py)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DATE
from .models import Competency, TrainingProgram


class NominateForm(forms.Form):
    """A supervisor's one-click "Usulkan": the team member and the session (hidden fields)."""

    employee = forms.IntegerField(widget=forms.HiddenInput)
    session = forms.IntegerField(widget=forms.HiddenInput)


class NeedForm(forms.Form):
    employee = forms.TypedChoiceField(label=_("Untuk"), coerce=int)
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"), queryset=Competency.objects.order_by("name"), required=False, empty_label="—"
    )
    program = forms.ModelChoiceField(
        label=_("Program pelatihan"),
        queryset=TrainingProgram.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="—",
    )
    text = forms.CharField(
        label=_("Kebutuhan lain (tulis sendiri)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mis. pelatihan yang belum ada di katalog, dan mengapa dibutuhkan."),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        first = True
        choices = []
        for person in people:
            label = _("Saya sendiri") if first else person.full_name
            choices.append((person.pk, label))
            first = False
        self.fields["employee"].choices = choices
        if len(choices) == 1:
            self.fields["employee"].widget = forms.HiddenInput()
            self.fields["employee"].initial = choices[0][0]

    def clean(self):
        data = super().clean()
        if not data.get("competency") and not data.get("program") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Pilih kompetensi atau program, atau tuliskan kebutuhannya."))
        return data


class SurveyForm(forms.Form):
    year = forms.IntegerField(label=_("Untuk tahun"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Dibuka"), widget=DATE)
    closes_on = forms.DateField(label=_("Ditutup"), widget=DATE)

    @classmethod
    def for_next_year(cls, taken=()):
        """Next year's survey opening today for 30 days (or the first year after those opened)."""
        today = timezone.localdate()
        year = max([today.year, *taken]) + 1
        return cls(initial={"year": year, "opens_on": today, "closes_on": today + datetime.timedelta(days=30)})


class ProgramFromNeedForm(forms.Form):
    competency = forms.ModelChoiceField(queryset=Competency.objects.all(), widget=forms.HiddenInput)
    survey = forms.IntegerField(required=False, widget=forms.HiddenInput)
