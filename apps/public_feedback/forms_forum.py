"""Forms of the public forums: the schedule (BKPSDM), a citizen's input, minutes, follow-ups."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.employees.models import OrgUnit

from .models import ForumKind
from .services.forums import INPUT_MAX_CHARS, NAME_MAX_CHARS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _units():
    return OrgUnit.objects.filter(is_active=True).order_by("name")


class ForumForm(forms.Form):
    topic = forms.CharField(label=_("Topik"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=ForumKind.choices)
    unit = _UnitChoice(label=_("Unit penyelenggara"), queryset=OrgUnit.objects.none())
    day = forms.DateField(label=_("Tanggal"), widget=DATE)
    start_time = forms.TimeField(label=_("Jam mulai"), widget=TIME)
    end_time = forms.TimeField(label=_("Jam selesai"), widget=TIME, required=False)
    place = forms.CharField(
        label=_("Tempat"),
        max_length=200,
        required=False,
        help_text=_("Alamat atau ruangan. Isi tempat, tautan daring, atau keduanya."),
    )
    online_url = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Uraian"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tujuan forum dan masukan apa yang diharapkan dari warga."),
    )

    def __init__(self, *args, forum=None, **kwargs):
        if forum is not None and "initial" not in kwargs:
            local = timezone.localtime(forum.starts_at)
            kwargs["initial"] = {
                "topic": forum.topic,
                "kind": forum.kind,
                "unit": forum.unit_id,
                "day": local.date(),
                "start_time": local.time(),
                "end_time": timezone.localtime(forum.ends_at).time() if forum.ends_at else None,
                "place": forum.place,
                "online_url": forum.online_url,
                "description": forum.description,
            }
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()

    def service_kwargs(self) -> dict:
        """The form's fields as the service's arguments: a date and two times make two moments."""
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.datetime.combine(data["day"], data["start_time"]))
        ends_at = None
        if data.get("end_time"):
            ends_at = timezone.make_aware(datetime.datetime.combine(data["day"], data["end_time"]))
        return {
            "topic": data["topic"],
            "kind": data["kind"],
            "unit": data["unit"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": data["place"],
            "online_url": data["online_url"],
            "description": data["description"],
        }


class ForumInputForm(forms.Form):
    name = forms.CharField(
        label=_("Nama (boleh dikosongkan)"),
        max_length=NAME_MAX_CHARS,
        required=False,
        help_text=_("Ditampilkan bersama masukan Anda. Kosongkan untuk tampil sebagai “Warga”."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    text = forms.CharField(
        label=_("Masukan Anda"),
        max_length=INPUT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Paling banyak %(n)s karakter. Jangan menulis data pribadi, seperti nomor telepon atau NIK.")
        % {"n": INPUT_MAX_CHARS},
        error_messages={"required": _("Tulis masukan Anda.")},
    )
    # The honeypot: hidden from people (and screen readers), filled in by bots that fill every field.
    website = forms.CharField(
        label=_("Jangan isi kolom ini"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Isi notulen"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Ringkasan jalannya forum, pokok masukan warga dan jawaban penyelenggara. "
            "Terlihat publik setelah diterbitkan."
        ),
    )


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Tindak lanjut"), max_length=300)
    unit = _UnitChoice(label=_("Unit pelaksana"), queryset=OrgUnit.objects.none(), required=False)
    due_on = forms.DateField(label=_("Target selesai"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()
