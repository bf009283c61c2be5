"""Forms of the complaints back office. Each action form has its own prefix, so the detail page
can hold all of them at once with distinct field ids, and a failed one comes back with its input."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.employees.models import Employee, OrgUnit

from .models import ComplaintKind, ComplaintStatus, ContactKind
from .selectors.complaints import HIDDEN_BLOCKED, HIDDEN_SPAM, STATUS_ALL
from .services.handling import MAX_TEXT

UNIT_LIST_ID = "unit-options"  # the <datalist> the unit fields search in (staff/_unit_datalist.html)


def _area(rows=3, **attrs):
    return forms.Textarea(attrs={"rows": rows, "maxlength": MAX_TEXT, **attrs})


class UnitField(forms.CharField):
    """A unit typed or picked from a searchable list (an <input list=...> over every active unit,
    labelled as ``unit_choices`` does): works on any phone without JavaScript."""

    default_error_messages = {"unknown": _("Pilih unit kerja dari daftar (ketik sebagian namanya).")}

    def __init__(self, *, units: list[tuple[int, str]], **kwargs):
        kwargs.setdefault("max_length", 260)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": UNIT_LIST_ID, "autocomplete": "off"})
        self._by_label = {label.casefold(): pk for pk, label in units}
        self._ids = {pk for pk, _label in units}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        pk = self._by_label.get(value.strip().casefold())
        digits = value.strip()
        if pk is None and digits.isascii() and digits.isdigit() and len(digits) <= 18 and int(digits) in self._ids:
            pk = int(value)
        unit = OrgUnit.objects.filter(pk=pk, is_active=True).first() if pk is not None else None
        if unit is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return unit


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nomor, isi, atau lokasi"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *ComplaintKind.choices])
    overdue = forms.BooleanField(label=_("Hanya yang lewat batas waktu"), required=False)

    def __init__(self, *args, units, show_hidden: bool, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = [(value, label) for value, label in ComplaintStatus.choices if value != ComplaintStatus.SPAM]
        self.fields["status"].choices = [("", _("Masih berjalan")), (STATUS_ALL, _("Semua status")), *statuses]
        self.fields["unit"] = UnitField(units=units, label=_("Unit kerja (beserta unit di bawahnya)"), required=False)
        self.order_fields(["q", "status", "kind", "unit", "overdue"])
        if show_hidden:  # blocked contacts and spam: BKPSDM's separate filter
            self.fields["hidden"] = forms.ChoiceField(
                label=_("Tersembunyi"),
                required=False,
                choices=[
                    ("", _("Tidak ditampilkan")),
                    (HIDDEN_BLOCKED, _("Dari kontak diblokir")),
                    (HIDDEN_SPAM, _("Spam")),
                ],
            )

    def params(self) -> dict:
        """The valid filters (an invalid one is shown with its error and otherwise ignored)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "unit": data.get("unit"),
            "overdue": bool(data.get("overdue")),
            "hidden": data.get("hidden") or "",
        }


class RouteForm(forms.Form):
    prefix = "route"

    note = forms.CharField(
        label=_("Catatan untuk unit (internal)"), required=False, max_length=MAX_TEXT, widget=_area(rows=2)
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitField(
            units=units,
            label=_("Unit kerja tujuan"),
            error_messages={"required": _("Pilih unit kerja tujuan.")},
            help_text=_("Ketik sebagian nama unit lalu pilih dari daftar."),
        )
        self.order_fields(["unit", "note"])


class AskInfoForm(forms.Form):
    prefix = "ask"
    question = forms.CharField(
        label=_("Informasi yang diperlukan dari pelapor"),
        max_length=MAX_TEXT,
        widget=_area(),
        help_text=_("Terlihat oleh pelapor di halaman lacak dan dikirim ke emailnya."),
        error_messages={"required": _("Tulis informasi apa yang diperlukan.")},
    )


class OutOfScopeForm(forms.Form):
    prefix = "scope"
    reason = forms.CharField(
        label=_("Alasan bukan wewenang (terlihat oleh pelapor)"),
        max_length=MAX_TEXT,
        widget=_area(),
        help_text=_("Sebutkan ke instansi mana pelapor dapat mengadu."),
        error_messages={"required": _("Tulis alasan dan ke mana pelapor dapat mengadu.")},
    )


class SpamForm(forms.Form):
    prefix = "spam"
    reason = forms.CharField(label=_("Catatan (internal)"), required=False, max_length=MAX_TEXT, widget=_area(rows=2))


class ReplyForm(forms.Form):
    prefix = "reply"
    text = forms.CharField(
        label=_("Tanggapan untuk pelapor"),
        max_length=MAX_TEXT,
        widget=_area(rows=4),
        help_text=_("Terlihat oleh pelapor. Tanpa balasan, pengaduan ditutup otomatis setelah batas waktu."),
        error_messages={"required": _("Tulis tanggapan untuk pelapor.")},
    )


class NoteForm(forms.Form):
    prefix = "note"
    text = forms.CharField(
        label=_("Catatan internal"),
        max_length=MAX_TEXT,
        widget=_area(rows=2),
        help_text=_("Hanya terlihat oleh petugas dan admin, tidak oleh pelapor."),
        error_messages={"required": _("Tulis isi catatan.")},
    )


class ResolveForm(forms.Form):
    prefix = "resolve"
    text = forms.CharField(
        label=_("Kata penutup untuk pelapor (boleh kosong)"), required=False, max_length=MAX_TEXT, widget=_area(rows=2)
    )


class CloseUnresolvedForm(forms.Form):
    prefix = "close"
    reason = forms.CharField(
        label=_("Alasan tidak terselesaikan (terlihat oleh pelapor)"),
        max_length=MAX_TEXT,
        widget=_area(),
        error_messages={"required": _("Tulis alasan pengaduan ditutup tanpa terselesaikan.")},
    )


class NipField(forms.CharField):
    """An employee by NIP (18 digits; spaces and dots as people copy them are ignored)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("NIP pegawai"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("error_messages", {"required": _("Tulis NIP pegawai.")})
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = "".join(ch for ch in (super().clean(value) or "") if ch.isdigit())
        if len(value) != 18:
            raise forms.ValidationError(_("NIP terdiri atas 18 angka."), code="invalid")
        employee = Employee.objects.select_related("unit").filter(nip=value).first()
        if employee is None:
            raise forms.ValidationError(_("Pegawai dengan NIP itu tidak ditemukan."), code="unknown")
        return employee


class LinkEmployeeForm(forms.Form):
    prefix = "link"
    nip = NipField(help_text=_("Pegawai yang dimaksud pengaduan ini."))
    substantiated = forms.TypedChoiceField(
        label=_("Hasil pemeriksaan"),
        choices=[("ya", _("Terbukti")), ("tidak", _("Tidak terbukti"))],
        coerce=lambda value: value == "ya",
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih apakah pengaduan terbukti.")},
    )


class ContactBlockForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis kontak"), choices=ContactKind.choices)
    value = forms.CharField(
        label=_("Email atau nomor telepon"),
        max_length=200,
        error_messages={"required": _("Tulis email atau nomor telepon yang diblokir.")},
    )
    reason = forms.CharField(label=_("Alasan (internal)"), required=False, max_length=300)


class HandlerForm(forms.Form):
    nip = NipField(help_text=_("Pegawai unit ini (atau unit di bawahnya) yang ikut menangani pengaduan."))


@dataclass(frozen=True)
class ActionPanel:
    """How the detail page offers one action: its form, URL name, heading and button (whose text is
    the button's accessible name), its look, and whether it starts open (the main action)."""

    form: type[forms.Form]
    url_name: str
    title: str
    button: str
    style: str = ""  # "primary" or "danger"
    open: bool = False


# every action of the detail page, in the order shown: action name -> panel
ACTION_PANELS = {
    "route": ActionPanel(RouteForm, "complaint-route", _("Teruskan ke unit kerja"), _("Teruskan"), "primary", True),
    "ask_info": ActionPanel(
        AskInfoForm, "complaint-ask-info", _("Minta informasi tambahan kepada pelapor"), _("Kirim permintaan")
    ),
    "reply": ActionPanel(ReplyForm, "complaint-reply", _("Tanggapi pelapor"), _("Kirim tanggapan"), "primary", True),
    "resolve": ActionPanel(ResolveForm, "complaint-resolve", _("Nyatakan selesai"), _("Tutup: selesai")),
    "close_unresolved": ActionPanel(
        CloseUnresolvedForm,
        "complaint-close",
        _("Tutup tanpa terselesaikan"),
        _("Tutup: tidak terselesaikan"),
        "danger",
    ),
    "out_of_scope": ActionPanel(
        OutOfScopeForm,
        "complaint-out-of-scope",
        _("Bukan wewenang pemerintah daerah"),
        _("Tutup: bukan wewenang"),
        "danger",
    ),
    "spam": ActionPanel(SpamForm, "complaint-spam", _("Arsipkan sebagai spam"), _("Arsipkan sebagai spam"), "danger"),
    "link": ActionPanel(
        LinkEmployeeForm, "complaint-link", _("Kaitkan dengan pegawai (untuk evaluasi kinerja)"), _("Simpan kaitan")
    ),
    "note": ActionPanel(NoteForm, "complaint-note", _("Catatan internal"), _("Simpan catatan")),
}
ACTION_FORMS = {action: panel.form for action, panel in ACTION_PANELS.items()}
