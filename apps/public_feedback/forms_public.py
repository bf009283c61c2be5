"""Forms of the citizens' site. They parse what was typed; the rules live in the services
(``services.intake``, ``services.tracking``), whose messages the views put back on these forms.

The complaint form also carries the abuse checks that only a rendered form can have: a honeypot
field (hidden from people, filled by bots), a signed timestamp for the minimum fill time, and,
after suspicious volume from the address, a self-hosted captcha.
"""

from __future__ import annotations

from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ComplaintKind, PublicService
from .selectors import public as selectors
from .services import abuse, intake

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
# fields whose failure marks the attempt as suspicious (counted against the address)
ABUSE_FIELDS = (abuse.HONEYPOT_FIELD, abuse.TIMESTAMP_FIELD, "captcha")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input multiple>; the service checks the count and each file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        kwargs.setdefault("allow_empty_file", True)  # the service refuses it, naming the file
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=ComplaintKind.choices,
        initial=ComplaintKind.PENGADUAN,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis: pengaduan, aspirasi, atau permintaan informasi.")},
    )
    service = forms.TypedChoiceField(
        label=_("Layanan"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Tidak menemukan layanannya? Kosongkan; petugas kami akan meneruskannya ke unit yang tepat."),
        error_messages={"invalid_choice": _("Pilih layanan dari daftar.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=None,
        required=False,
        empty_label=_("— Sesuai layanan —"),
        help_text=_("Biarkan kosong bila sudah memilih layanan: unit pemilik layanan yang dipakai."),
        error_messages={"invalid_choice": _("Pilih unit kerja dari daftar.")},
    )
    subject_text = forms.CharField(
        label=_("Pegawai yang dimaksud (jika ada)"),
        required=False,
        max_length=intake.TEXT_LIMITS["subject_text"],
        help_text=_(
            "Nama, jabatan, atau ciri-ciri pegawai sejauh Anda tahu. Pengaduan yang menyebut pegawai selalu "
            "dirahasiakan: tidak pernah tampil di halaman publik."
        ),
    )
    description = forms.CharField(
        label=_("Apa yang terjadi?"),
        # no maxlength attribute: a browser would cut pasted text silently; the message says how long
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Paling banyak 5.000 karakter. Jangan tuliskan data pribadi orang lain yang tidak perlu."),
        error_messages={"required": _("Tuliskan apa yang terjadi.")},
    )
    occurred_on = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Masukkan tanggal yang benar, misalnya 17/08/2026.")},
    )
    location = forms.CharField(
        label=_("Tempat kejadian"),
        required=False,
        max_length=intake.TEXT_LIMITS["location"],
        widget=forms.TextInput(attrs={"placeholder": _("Misalnya: loket 3, kantor kecamatan")}),
    )
    attachments = MultipleFileField(
        label=_("Lampiran (paling banyak 3)"),
        required=False,
        help_text=_("Foto (JPEG/PNG) atau PDF, masing-masing paling besar 5 MB. Data lokasi pada foto dihapus."),
    )
    is_confidential = forms.BooleanField(
        label=_("Rahasiakan pengaduan ini"),
        required=False,
        help_text=_("Pengaduan rahasia tidak pernah ditampilkan di halaman publik atau data terbuka."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonim: sembunyikan identitas saya"),
        required=False,
        help_text=_("Nama dan kontak Anda hanya terlihat oleh admin BKPSDM, tidak oleh unit yang diadukan."),
    )
    reporter_name = forms.CharField(
        label=_("Nama (boleh dikosongkan)"), required=False, max_length=intake.TEXT_LIMITS["reporter_name"]
    )
    reporter_email = forms.EmailField(
        label=_("Email (boleh dikosongkan)"),
        required=False,
        max_length=254,
        help_text=_("Kode pelacakan juga dikirim ke email ini."),
        error_messages={"invalid": _("Alamat email tidak valid, misalnya nama@contoh.id.")},
    )
    reporter_phone = forms.CharField(
        label=_("Telepon/WhatsApp (boleh dikosongkan)"),
        required=False,
        max_length=intake.TEXT_LIMITS["reporter_phone"],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_consent = forms.BooleanField(
        label=_(
            "Saya setuju email dan/atau nomor telepon saya dipakai hanya untuk menindaklanjuti pengaduan ini "
            "(UU 27/2022 tentang Pelindungan Data Pribadi)."
        ),
        required=False,
    )
    # the honeypot: off-screen and out of the tab order; people leave it empty, bots fill it in
    situs_web = forms.CharField(
        label=_("Jangan isi kolom ini"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    mulai = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, query: str = "", captcha: bool = False, config=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = config
        self.fields["unit"].queryset = selectors.units_for_form()
        chosen = self._chosen_service()
        self.fields["service"].choices = [
            ("", _("— Pilih layanan —")),
            *selectors.services_grouped(query, include_pk=chosen),
        ]
        for name in ("reporter_name", "reporter_email"):
            self.fields[name].widget.attrs["autocomplete"] = {"reporter_name": "name", "reporter_email": "email"}[name]
        if captcha:
            self.fields["captcha"] = CaptchaField(
                label=_("Ketik huruf pada gambar"),
                help_text=_("Banyak kiriman dari jaringan Anda hari ini; buktikan Anda bukan robot."),
                error_messages={
                    "invalid": _("Huruf yang diketik tidak sama dengan gambar. Coba lagi dengan gambar baru.")
                },
            )
        self.timestamp_token = self.data.get(abuse.TIMESTAMP_FIELD, "") if self.is_bound else ""
        if not self.is_bound:
            self.initial.setdefault(abuse.TIMESTAMP_FIELD, abuse.form_timestamp())
        elif not abuse.timestamp_is_valid(self.timestamp_token):
            # an expired or tampered timestamp: the next try gets a fresh one (the typed input stays)
            self.data = self.data.copy()
            self.data[abuse.TIMESTAMP_FIELD] = abuse.form_timestamp()

    def _chosen_service(self) -> int | None:
        value = (self.data.get("service") if self.is_bound else self.initial.get("service")) or ""
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def clean_service(self):
        pk = self.cleaned_data.get("service")
        if pk is None:
            return None
        service = PublicService.objects.select_related("unit").filter(pk=pk, is_active=True).first()
        if service is None:
            raise ValidationError(_("Layanan ini tidak lagi tersedia; pilih layanan lain."))
        return service

    def clean_description(self):
        text = intake.clean_text(self.cleaned_data.get("description"))
        problem = intake.description_problem(text)
        if problem:
            raise ValidationError(problem)
        return text

    def clean_situs_web(self):
        if self.cleaned_data.get(abuse.HONEYPOT_FIELD):
            raise ValidationError(_("Kolom ini harus dikosongkan."))
        return ""

    def clean_mulai(self):
        problem = abuse.timing_problem(self.timestamp_token, self.config)
        if problem:
            raise ValidationError(problem)
        return ""

    def clean(self):
        data = super().clean()
        if data.get("subject_text"):
            data["is_confidential"] = True  # the rule is the service's; the form says the same
        if (data.get("reporter_email") or data.get("reporter_phone")) and not data.get("contact_consent"):
            self.add_error(
                "contact_consent",
                _("Centang persetujuan agar kami boleh menghubungi Anda, atau kosongkan kontak."),
            )
        return data

    @property
    def suspicious(self) -> bool:
        return any(name in self.errors for name in ABUSE_FIELDS)

    def timing_errors(self) -> list[str]:
        return list(self.errors.get(abuse.TIMESTAMP_FIELD, []))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        names = (
            "kind",
            "service",
            "unit",
            "subject_text",
            "description",
            "occurred_on",
            "location",
            "is_anonymous",
            "is_confidential",
            "reporter_name",
            "reporter_email",
            "reporter_phone",
            "contact_consent",
        )
        return {name: data.get(name) for name in names} | {"uploads": data.get("attachments") or []}

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's refusal on the fields it names (the others as form errors)."""
        for name, messages in exc.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pelacakan"),
        max_length=80,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "ADU-XXXX-XXXX-XXXX-XXXX",
            }
        ),
        error_messages={
            "required": _("Masukkan kode pelacakan Anda."),
            "max_length": _("Kode pelacakan tidak sepanjang itu; periksa kembali."),
        },
    )


class AddInfoForm(forms.Form):
    text = forms.CharField(label=_("Informasi tambahan"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(
        label=_("Lampiran (paling banyak 3)"),
        required=False,
        help_text=_("Foto (JPEG/PNG) atau PDF, masing-masing paling besar 5 MB."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka kembali"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan Anda membuka kembali pengaduan ini.")},
    )


RATING_CHOICES = [
    ("5", _("5 — Sangat puas")),
    ("4", _("4 — Puas")),
    ("3", _("3 — Cukup")),
    ("2", _("2 — Kurang puas")),
    ("1", _("1 — Tidak puas")),
]


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Penilaian Anda"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih nilai 1 sampai 5."), "invalid_choice": _("Pilih nilai 1 sampai 5.")},
    )
    comment = forms.CharField(
        label=_("Komentar (boleh dikosongkan)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
