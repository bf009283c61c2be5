from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.Form):
    starts_on = forms.DateField(label=_("Mulai"), widget=DATE)
    ends_on = forms.DateField(label=_("Selesai"), widget=DATE)
    registration_deadline = forms.DateField(label=_("Batas pendaftaran"), widget=DATE)
    capacity = forms.IntegerField(label=_("Kapasitas"), min_value=0, max_value=10000)
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")
    facilitator = forms.CharField(label=_("Fasilitator"), max_length=200, required=False)


class CheckinForm(forms.Form):
    code = forms.CharField(
        label=_("Kode presensi"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
