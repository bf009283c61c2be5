from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's login form, labelled for NIP-or-email and with bounded field lengths."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("NIP atau email")
        login.max_length = 254
        login.validators.append(MaxLengthValidator(254))
        login.widget.attrs.update(
            {"placeholder": _("NIP 18 digit atau email"), "autocomplete": "username", "maxlength": 254}
        )
        password = self.fields["password"]
        password.max_length = 128
        password.validators.append(MaxLengthValidator(128))
        password.help_text = ""  # the page itself links to password reset
        password.widget.attrs["maxlength"] = 128


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Nama token"), max_length=80, help_text=_("Misalnya: skrip laporan bulanan"))
