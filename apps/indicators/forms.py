"""Forms of the SKP pages. They validate what was typed; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ReturnNoteForm
from apps.core.upload_fields import SingleFileField

from .berakhlak import CoreValue
from .models import Iki, PerformanceSettings, Rhk, UnitGoal
from .periods import period_label
from .selectors import skp as skp_selectors

UNIT_SUGGESTIONS = [
    "dokumen",
    "laporan",
    "berkas",
    "kegiatan",
    "orang",
    "layanan",
    "surat",
    "hari",
    "menit",
    "persen",
    "indeks",
    "aplikasi",
    "rekomendasi",
]
DECIMAL = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class SkpCreateForm(forms.Form):
    START_BLANK, START_TEMPLATE, START_COPY = "blank", "template", "copy"
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    start = forms.ChoiceField(
        label=_("Mulai dari"),
        widget=forms.RadioSelect,
        choices=[
            (START_TEMPLATE, _("Templat jabatan dari pustaka BKPSDM")),
            (START_COPY, _("SKP tahun sebelumnya")),
            (START_BLANK, _("Kosong")),
        ],
    )
    template = forms.ModelChoiceField(label=_("Templat"), queryset=None, required=False)
    copy_from = forms.ModelChoiceField(label=_("Salin dari"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = skp_selectors.template_choices()
        self.fields["copy_from"].queryset = skp_selectors.own_skps(user)
        self.fields["copy_from"].label_from_instance = lambda skp: _("SKP %(year)s") % {"year": skp.year}

    def clean(self):
        data = super().clean()
        if data.get("start") == self.START_TEMPLATE and not data.get("template"):
            self.add_error("template", _("Pilih templat jabatan."))
        if data.get("start") == self.START_COPY and not data.get("copy_from"):
            self.add_error("copy_from", _("Pilih SKP yang disalin."))
        return data


class RhkForm(forms.ModelForm):
    class Meta:
        model = Rhk
        fields = ["kind", "text", "weight", "parent", "unit_goal"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"weight": _("Opsional. Bila dipakai, bobot semua RHK utama berjumlah 100.")}

    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = skp_selectors.parent_rhk_choices(skp)
        self.fields["parent"].label_from_instance = lambda rhk: f"{rhk.skp.employee.name}: {rhk.text}"
        self.fields["unit_goal"].queryset = skp_selectors.unit_goal_choices(skp)
        self.fields["unit_goal"].label_from_instance = lambda goal: f"{goal.unit.name}: {goal.statement}"
        self.fields["weight"].widget.attrs.update({"step": "0.01", "min": "0", "max": "100", "inputmode": "decimal"})


class IkiForm(forms.ModelForm):
    class Meta:
        model = Iki
        fields = ["text", "aspect", "target_value", "target_unit", "direction", "cumulative"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "target_unit": forms.TextInput(attrs={"list": "units"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_value"].widget.attrs.update({"step": "0.01", "min": "0", "inputmode": "decimal"})
        self.fields["cumulative"].required = False


class PeriodTargetsForm(forms.Form):
    """One field per evaluation period: ``period_1`` .. ``period_12`` (or .. ``period_4``)."""

    def __init__(self, *args, count: int, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        for p in range(1, count + 1):
            field = forms.DecimalField(label=period_label(p, count=count), **DECIMAL)
            field.widget.attrs.update({"step": "0.01", "inputmode": "decimal"})
            self.fields[f"period_{p}"] = field
        self.count = count

    def targets(self) -> dict:
        return {p: self.cleaned_data[f"period_{p}"] for p in range(1, self.count + 1)}


class RealisationForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Periode"), coerce=int)
    value = forms.DecimalField(label=_("Realisasi"), **DECIMAL)
    note = forms.CharField(label=_("Keterangan"), max_length=300, required=False)
    evidence = SingleFileField(
        label=_("Bukti dukung"), required=False, help_text=_("PDF, JPEG, PNG, DOCX, atau XLSX; paling besar 5 MB.")
    )

    def __init__(self, *args, count: int, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p, period_label(p, year, count=count)) for p in range(1, count + 1)]
        self.fields["value"].widget.attrs.update({"step": "0.01", "inputmode": "decimal"})


ReturnForm = ReturnNoteForm  # the SKP page and the daily reports share one note form


class ExpectationsForm(forms.Form):
    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(skp.expectations.values_list("value", "text"))
        for value, label in CoreValue.choices:
            self.fields[value] = forms.CharField(
                label=label,
                required=False,
                max_length=1000,
                initial=current.get(value, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )


class UnitGoalForm(forms.ModelForm):
    class Meta:
        model = UnitGoal
        fields = ["unit", "year", "statement", "parent"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["parent"].queryset = UnitGoal.objects.select_related("unit").order_by("-year", "unit__name")
        self.fields["parent"].label_from_instance = lambda g: f"{g.year} · {g.unit.name}: {g.statement}"


class UnitGoalIndicatorForm(forms.Form):
    text = forms.CharField(label=_("Indikator kinerja utama (IKU)"), max_length=300)
    target_value = forms.DecimalField(label=_("Target"), **DECIMAL)
    target_unit = forms.CharField(label=_("Satuan"), max_length=40, widget=forms.TextInput(attrs={"list": "units"}))


class PerformanceSettingsForm(forms.ModelForm):
    class Meta:
        model = PerformanceSettings
        fields = ["period_kind", "achievement_cap", "above_threshold", "below_threshold"]

    def clean(self):
        data = super().clean()
        above, below = data.get("above_threshold"), data.get("below_threshold")
        if above is not None and below is not None and below >= above:
            self.add_error("below_threshold", _("Ambang Di Bawah harus lebih kecil dari ambang Di Atas."))
        return data
