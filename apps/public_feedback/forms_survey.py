"""The SKM questionnaire: nine required answers in the regulation's wording, an optional respondent
profile and suggestion, and a honeypot. Used by the public page and by the API (same messages)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgeBand, Education, Gender, Occupation, PublicService
from .services.surveys import SUGGESTION_MAX
from .skm_questions import questions

HONEYPOT = "situs_web"  # hidden from people; bots that fill every field give themselves away

NOT_SAID = ("", _("Tidak ingin menyebutkan"))


def _profile_field(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[NOT_SAID, *choices],
        error_messages={"invalid_choice": _("Pilih salah satu pilihan yang tersedia.")},
    )


class SurveyForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Layanan yang Anda terima"),
        queryset=PublicService.objects.none(),
        required=False,
        empty_label=_("Tidak ingin menyebutkan"),
        error_messages={"invalid_choice": _("Pilih layanan dari daftar.")},
    )
    age_band = _profile_field(_("Usia"), AgeBand.choices)
    gender = _profile_field(_("Jenis kelamin"), Gender.choices)
    education = _profile_field(_("Pendidikan terakhir"), Education.choices)
    occupation = _profile_field(_("Pekerjaan"), Occupation.choices)
    suggestion = forms.CharField(
        label=_("Saran dan masukan"),
        required=False,
        max_length=SUGGESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tidak wajib. Jangan tuliskan data pribadi (nomor telepon, NIK)."),
        error_messages={
            "max_length": _("Saran paling banyak %(limit_value)d karakter (sekarang %(show_value)d)."),
        },
    )
    situs_web = forms.CharField(
        label=_("Jangan isi kolom ini"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, unit, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.questions = questions()
        for number, question in enumerate(self.questions, start=1):
            self.fields[question.field] = forms.TypedChoiceField(
                label=question.text,
                choices=question.choices(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Pilih satu jawaban untuk pertanyaan %(n)d.") % {"n": number},
                    "invalid_choice": _("Jawaban pertanyaan %(n)d harus salah satu dari empat pilihan (nilai 1-4).")
                    % {"n": number},
                },
            )
        if services:
            self.fields["service"].queryset = PublicService.objects.filter(unit=unit, is_active=True).order_by("name")
        else:
            del self.fields["service"]

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT))

    def question_fields(self):
        """(question, bound field) in the regulation's order, for the template."""
        return [(q, self[q.field]) for q in self.questions]

    def unanswered(self) -> list[tuple[int, str]]:
        """(number, field name) of the questions left without an answer, for the error summary."""
        return [
            (number, q.field)
            for number, q in enumerate(self.questions, start=1)
            if any(e.code == "required" for e in self.errors.as_data().get(q.field, []))
        ]

    def other_errors(self) -> list[tuple[str, str]]:
        """(field name, message) of every other error (a score outside 1-4, a too long suggestion)."""
        missing = {name for _number, name in self.unanswered()}
        return [
            (name, message) for name, messages in self.errors.items() if name not in missing for message in messages
        ]

    def profile_fields(self):
        return [self[name] for name in ("age_band", "gender", "education", "occupation")]

    def scores(self) -> dict[str, int]:
        return {q.field: self.cleaned_data[q.field] for q in self.questions}

    def profile(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in ("age_band", "gender", "education", "occupation")}
