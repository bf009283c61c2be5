from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActingAssignment, ActingKind, Employee, OrgUnit

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NipLookupMixin:
    """Turns a typed NIP into an active Employee (a select of 20,000 people helps nobody)."""

    def employee_from_nip(self, field, *, required):
        nip = (self.cleaned_data.get(field) or "").strip()
        if not nip:
            if required:
                raise forms.ValidationError(_("Isi NIP."))
            return None
        employee = Employee.objects.filter(nip=nip, is_active=True).first()
        if employee is None:
            raise forms.ValidationError(_("Tidak ada pegawai aktif dengan NIP %(nip)s.") % {"nip": nip})
        return employee


class EmployeeForm(_NipLookupMixin, forms.ModelForm):
    supervisor_nip = forms.CharField(
        label=_("NIP atasan langsung"), max_length=18, required=False, help_text=_("Kosongkan bila tidak ada.")
    )

    class Meta:
        model = Employee
        fields = [
            "nip", "gelar_depan", "name", "gelar_belakang", "employment_type", "golongan", "jabatan",
            "jabatan_kind", "unit", "tmt_jabatan", "work_email", "work_phone",
        ]  # fmt: skip
        widgets = {"tmt_jabatan": DATE_INPUT}
        help_texts = {"nip": _("18 digit. Tanggal lahir dan jenis kelamin dibaca dari NIP.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")
        if self.instance.pk and self.instance.supervisor_id and not self.is_bound:
            self.initial["supervisor_nip"] = self.instance.supervisor.nip
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_supervisor_nip(self):
        return self.employee_from_nip("supervisor_nip", required=False)

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["supervisor"] = self.cleaned_data.get("supervisor_nip")
        return data


class OrgUnitForm(_NipLookupMixin, forms.ModelForm):
    head_nip = forms.CharField(label=_("NIP kepala unit"), max_length=18, required=False)

    class Meta:
        model = OrgUnit
        fields = ["name", "short_name", "code", "kind", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")
        if self.instance.pk and self.instance.head_id and not self.is_bound:
            self.initial["head_nip"] = self.instance.head.nip

    def clean_head_nip(self):
        return self.employee_from_nip("head_nip", required=False)


class ActingAssignmentForm(_NipLookupMixin, forms.ModelForm):
    employee_nip = forms.CharField(label=_("NIP pegawai yang ditugaskan"), max_length=18)

    class Meta:
        model = ActingAssignment
        fields = ["unit", "kind", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}
        labels = {"unit": _("Unit yang dipimpin")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")
        self.fields["kind"].choices = ActingKind.choices

    def clean_employee_nip(self):
        return self.employee_from_nip("employee_nip", required=True)

    def _post_clean(self):
        pass  # the service validates the assignment as a whole
