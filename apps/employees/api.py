"""Read-only API of employees and units, scoped by the same rules as the pages."""

from rest_framework import generics, serializers

from apps.core import audit
from apps.core.models import AuditAction

from . import selectors
from .models import Employee, OrgUnit


class OrgUnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind"]


class EmployeeSerializer(serializers.ModelSerializer):
    unit = OrgUnitRefSerializer(read_only=True)
    supervisor_nip = serializers.CharField(source="supervisor.nip", default=None, read_only=True)
    full_name = serializers.CharField(read_only=True)
    pangkat = serializers.CharField(read_only=True)

    class Meta:
        model = Employee
        fields = [
            "nip", "name", "full_name", "gelar_depan", "gelar_belakang", "gender", "birth_date",
            "employment_type", "golongan", "pangkat", "jabatan", "jabatan_kind", "unit", "supervisor_nip",
            "tmt_cpns", "tmt_jabatan", "work_email", "work_phone", "is_active",
        ]  # fmt: skip


class OrgUnitSerializer(serializers.ModelSerializer):
    head_nip = serializers.CharField(source="head.nip", default=None, read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "short_name", "code", "kind", "parent", "head_nip", "is_active"]


class EmployeeList(generics.ListAPIView):
    """Employees within the caller's scope: an ASN sees themself, a supervisor their subordinates,
    admins and leaders everyone. Accepts the list page's filters (q, unit, golongan, ...)."""

    serializer_class = EmployeeSerializer

    def get_queryset(self):
        return selectors.employee_rows(selectors.employee_list_for(self.request.user, self.request.query_params))


class EmployeeDetail(generics.RetrieveAPIView):
    serializer_class = EmployeeSerializer

    def get_object(self):
        employee = selectors.employee_get_for(self.request.user, self.kwargs["nip"])
        audit.record(AuditAction.PERSONAL_DATA_VIEW, obj=employee, request=self.request)
        return employee


class OrgUnitList(generics.ListAPIView):
    """The organisation's units (not personal data: every signed-in user may read them)."""

    serializer_class = OrgUnitSerializer

    def get_queryset(self):
        return selectors.orgunit_list()
