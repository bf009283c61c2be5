import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import hierarchy
from .models import EmploymentType, JabatanKind, OrgUnit
from .pangkat import GOLONGAN_CHOICES

ACTIVE_CHOICES = [("aktif", _("Aktif")), ("nonaktif", _("Nonaktif")), ("semua", _("Semua"))]


class EmployeeFilter(django_filters.FilterSet):
    """Search and filters of the employee list (and of its export)."""

    q = django_filters.CharFilter(method="search", label=_("Cari nama atau NIP"), max_length=100)
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.filter(is_active=True).order_by("name"),
        method="in_subtree",
        label=_("Unit (beserta unit di bawahnya)"),
    )
    golongan = django_filters.ChoiceFilter(choices=GOLONGAN_CHOICES, label=_("Pangkat/golongan"))
    jabatan_kind = django_filters.ChoiceFilter(choices=JabatanKind.choices, label=_("Jenis jabatan"))
    employment_type = django_filters.ChoiceFilter(choices=EmploymentType.choices, label=_("PNS/PPPK"))
    status = django_filters.ChoiceFilter(
        choices=ACTIVE_CHOICES, method="by_status", label=_("Status"), empty_label=None
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "aktif")  # the list shows active employees unless asked otherwise
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(nip__startswith=value)
        return queryset.filter(Q(name__icontains=value) | Q(nip__startswith=value))

    def in_subtree(self, queryset, name, unit):
        return queryset.filter(unit_id__in=hierarchy.unit_subtree_ids(unit.pk))

    def by_status(self, queryset, name, value):
        if value == "semua":
            return queryset
        return queryset.filter(is_active=value == "aktif")
