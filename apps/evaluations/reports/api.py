"""Generated PDFs through the API: the list within the caller's scope and the file itself.

Scope as on the pages (``selectors.reports_visible_to``): an ASN their own documents, a supervisor
also their (indirect) subordinates' and those of the units they head, admins and leaders all. A
document outside the scope answers 404 like one that does not exist.
"""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..models import EvaluationPeriod
from . import exporting, selectors
from .models import GeneratedReport, ReportKind


class ReportListQuery(serializers.Serializer):
    period = serializers.PrimaryKeyRelatedField(
        queryset=EvaluationPeriod.objects.all(),
        required=False,
        help_text="id periode evaluasi",
        error_messages={"does_not_exist": "Periode tidak ditemukan.", "incorrect_type": "Periode harus berupa id."},
    )
    kind = serializers.ChoiceField(
        choices=ReportKind.choices,
        required=False,
        help_text="employee, unit atau city",
        error_messages={"invalid_choice": "Jenis harus employee, unit atau city."},
    )


class ReportSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="employee, unit atau city")
    period = serializers.SerializerMethodField()
    employee = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedReport
        fields = ["id", "kind", "period", "employee", "unit", "code", "sha256", "size", "generated_at", "download_url"]

    def get_period(self, report) -> dict:
        return {"id": report.period_id, "label": report.period.label}

    def get_employee(self, report) -> dict | None:
        return {"nip": report.employee.nip, "name": report.employee.full_name} if report.employee_id else None

    def get_unit(self, report) -> dict | None:
        return {"id": report.unit_id, "name": report.unit.name} if report.unit_id else None

    def get_download_url(self, report) -> str:
        return reverse("api:report-download", args=[report.pk], request=self.context.get("request"))


@extend_schema(
    summary="Daftar dokumen laporan kinerja (PDF) dalam cakupan pengguna",
    description=(
        "ASN: dokumen sendiri; atasan: juga dokumen bawahan dan unit yang dipimpinnya; admin BKPSDM dan "
        "pimpinan: semua. Saring dengan period dan kind."
    ),
    parameters=[ReportListQuery],
    responses={200: ReportSerializer(many=True), 400: OpenApiResponse(description="Parameter tidak valid.")},
)
class ReportList(generics.ListAPIView):
    serializer_class = ReportSerializer

    def get_queryset(self):
        data = {key: value for key, value in self.request.query_params.items() if value.strip() and key != "page"}
        query = ReportListQuery(data=data)
        query.is_valid(raise_exception=True)
        return selectors.report_list_for(self.request.user, **query.validated_data)


@extend_schema(
    summary="Unduh satu dokumen laporan (PDF)",
    responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        404: OpenApiResponse(description="Tidak ada dokumen itu dalam cakupan Anda."),
    },
)
class ReportDownload(APIView):
    def get(self, request: Request, pk: int):
        report = selectors.report_get_for(request.user, pk)
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=exporting.download_name(report),
            content_type="application/pdf",
        )
