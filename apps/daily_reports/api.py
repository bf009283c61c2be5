"""The daily-report API: one's own reports (list, and filing a day with its activities in one
request), one report in full, submitting it, its review by the pejabat penilai, and evidence.

Same rules and the same messages as the pages, because both call the same services:

* reads go through the scoped selectors, so a report outside the caller's scope answers 404;
* a service's ``ValidationError`` answers 400 ``{field: [messages]}``, its ``PermissionDenied``
  403 ``{"detail": message}``; acting on a visible report that is not one's own (submitting,
  uploading) is 403 as well, with the service's wording;
* the reads run a fixed number of queries, whatever the number of reports or activities.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from apps.core import access
from apps.core.upload_fields import MultiPartParser

from . import selectors
from .models import DailyReport, ReportStatus
from .serializers import (
    DailyReportDetailSerializer,
    DailyReportSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    NoteSerializer,
    ReportCreateSerializer,
    ReportListQuery,
    report_detail_data,
)
from .services import filing, review

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

BAD_REQUEST = OpenApiResponse(description='Isian tidak valid; pesan per isian, misalnya {"date": [...]}.')
FORBIDDEN = OpenApiResponse(description='Tindakan tidak diizinkan untuk laporan ini; {"detail": pesan}.')
NOT_FOUND = OpenApiResponse(description="Tidak ada laporan (atau kegiatan) itu dalam cakupan Anda.")
CONFLICT = OpenApiResponse(description="Laporan tidak sedang menunggu pemeriksaan.")
DETAIL = DailyReportDetailSerializer


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class _Refused(Exception):
    """Raised inside the filing transaction to roll all of it back; carries the 400 body."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def _errors(exc: DjangoValidationError, field: str = NON_FIELD) -> dict:
    """A service's ValidationError as the API's 400 body; messages without a field go to ``field``."""
    if hasattr(exc, "error_dict"):
        return {NON_FIELD if name == "__all__" else name: messages for name, messages in exc.message_dict.items()}
    return {field: exc.messages}


def _call(service, **kwargs):
    """Run a service, answering its refusals the API's way (400 / 403 with its message)."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(_errors(exc)) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


def _require_owner(user, report: DailyReport, message: str) -> None:
    employee = access.employee_of(user)
    if employee is None or employee.pk != report.employee_id:
        raise exceptions.PermissionDenied(message)


def _query(serializer_class, request) -> dict:
    """Validated query parameters; an empty value (``?status=``) counts as not given."""
    data = {key: value for key, value in request.query_params.items() if value.strip()}
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return query.validated_data


def _detail(request, pk, *, status_code=200, headers=None, report: DailyReport | None = None) -> Response:
    """The report in full as the caller may see it now: four queries after the scope check, three
    with ``report``, the in-scope report (from ``selectors.report_get_for``) as this request's
    service call left it. Shaped as ``DailyReportDetailSerializer`` by ``report_detail_data``."""
    if report is None:
        report = selectors.report_get_for(request.user, pk)
    activities = selectors.activities_of(report)
    report.activity_count = len(activities)
    events = selectors.events_of(report)
    data = report_detail_data(report, activities=activities, events=events, request=request)
    return Response(data, status=status_code, headers=headers)


def _answer_created(request, report: DailyReport, activities: list, *, headers) -> Response:
    """``_detail``'s answer for a report this request has just created, without reading it back:
    the report and its employee are in memory, a new report has no history yet and its new
    activities no evidence. A test holds it equal to what GET answers right after."""
    activities = sorted(activities, key=lambda activity: (activity.starts_at, activity.pk))
    for activity in activities:
        selectors.known_without_evidence(activity)
    report.activity_count = len(activities)
    data = report_detail_data(report, activities=activities, events=[], request=request)
    return Response(data, status=201, headers=headers)


def _file_day(actor, day, rows) -> tuple[DailyReport, bool, list]:
    """Open the day's report and add the activities; call inside a transaction.

    1. Open (or create) the report through ``filing.report_open_day``: the filing window decides.
    2. Look up every IKI of the payload in one query, among the employee's own indicators only
       (someone else's reads like one that does not exist).
    3. Add the activities through ``filing.activities_add``, which judges them in order with the
       rules of ``activity_save``, so one that overlaps an earlier one of the same payload is
       refused like on the page; errors are collected per index.
    4. Any error raises ``_Refused``, which rolls back everything, the new report included.
    The settings and the holiday table are read once for both steps (one ``FilingWindow``).
    Returns the report, whether this call created it, and the activities it added.
    """
    window = filing.FilingWindow()
    try:
        report, created = filing.report_open_day(actor=actor, day=day, window=window)
    except DjangoValidationError as exc:
        raise _Refused(_errors(exc, "date")) from exc
    if rows and not report.is_editable:
        locked = _("Laporan ini sudah %(status)s dan terkunci.") % {"status": report.get_status_display().lower()}
        raise _Refused({"date": [locked]})
    ikis = selectors.ikis_of_employee(report.employee_id, {row["iki"] for row in rows if row.get("iki") is not None})
    errors, items, positions = {}, [], []
    for index, row in enumerate(rows):
        iki = None
        if row.get("iki") is not None:
            iki = ikis.get(row["iki"])
            if iki is None:  # never added, so it cannot clash with the ones after it
                message = _("Indikator itu bukan bagian dari SKP Anda tahun %(year)s.") % {"year": day.year}
                errors[index] = {"iki": [message]}
                continue
        items.append({"description": row["description"], "iki": iki, "quantity": row.get("quantity"),
                      "starts_at": row["starts_at"], "ends_at": row["ends_at"], "place": row["place"]})  # fmt: skip
        positions.append(index)
    added = []
    if items:
        try:
            added = filing.activities_add(actor=actor, report=report, items=items, window=window, new_report=created)
        except filing.ActivitiesRefused as exc:
            errors.update({positions[n]: item_errors for n, item_errors in exc.by_item.items()})
        except DjangoValidationError as exc:  # the report itself (past its window): every activity says so
            errors.update(dict.fromkeys(positions, _errors(exc)))
    if errors:
        raise _Refused({"activities": {str(index): errors[index] for index in sorted(errors)}})
    return report, created, added


class DailyReportList(generics.ListAPIView):
    """The caller's own daily reports, newest first; POST files a day with its activities."""

    serializer_class = DailyReportSerializer
    parser_classes = [JSONParser]  # a day with its list of activities has no form encoding

    def get_queryset(self):
        query = _query(ReportListQuery, self.request)
        reports = selectors.own_reports(self.request.user)
        if "date_from" in query:
            reports = reports.filter(date__gte=query["date_from"])
        if "date_to" in query:
            reports = reports.filter(date__lte=query["date_to"])
        if "status" in query:
            reports = reports.filter(status=query["status"])
        return reports.order_by("-date", "pk")

    @extend_schema(
        summary="Daftar laporan harian sendiri",
        description="Laporan harian milik pengguna, terbaru dahulu, dengan jumlah kegiatannya.",
        parameters=[ReportListQuery],
        responses={200: DailyReportSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Isi laporan harian suatu tanggal beserta kegiatannya",
        description=(
            "Membuka (membuat) laporan tanggal itu bila belum ada, lalu menambahkan kegiatannya. Semua kegiatan "
            "diperiksa dengan aturan yang sama seperti halaman; bila satu saja ditolak, tidak ada yang disimpan dan "
            'jawabannya 400 dengan pesan per nomor urut kegiatan, misalnya {"activities": {"1": {"starts_at": '
            '["Waktunya bertabrakan ..."]}}}. Laporan draf yang sudah ada mendapat kegiatan tambahan (200); '
            "laporan baru menjawab 201."
        ),
        request=ReportCreateSerializer,
        responses={201: DETAIL, 200: DETAIL, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def post(self, request, *args, **kwargs):
        if not access.can(request.user, "report.file"):
            raise exceptions.PermissionDenied(_("Akun ini tidak terhubung dengan data pegawai."))
        payload = ReportCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                report, created, added = _file_day(request.user, payload.validated_data["date"],
                                                   payload.validated_data["activities"])  # fmt: skip
        except _Refused as refused:
            raise exceptions.ValidationError(refused.errors) from refused
        headers = {"Location": reverse("api:daily-report-detail", args=[report.pk])}
        if created:
            return _answer_created(request, report, added, headers=headers)
        return _detail(request, report.pk, headers=headers)


class DailyReportDetail(APIView):
    @extend_schema(
        summary="Satu laporan harian lengkap: kegiatan, bukti, dan riwayat",
        description=(
            "Laporan sendiri; laporan bawahan bagi atasan; semua laporan bagi admin BKPSDM dan pimpinan. Di luar "
            "cakupan: 404. Bukti diunduh melalui download_url, yang memeriksa akses lagi."
        ),
        responses={200: DailyReportDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        return _detail(request, pk)


class DailyReportSubmit(APIView):
    @extend_schema(
        summary="Ajukan laporan sendiri ke atasan",
        description="Mengajukan yang sudah diajukan tidak mengubah apa pun (klik ganda aman).",
        request=None,
        responses={200: DailyReportDetailSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, pk):
        report = selectors.report_get_for(request.user, pk)
        _require_owner(request.user, report, _("Hanya pemilik laporan yang dapat mengajukannya."))
        report = _call(review.daily_report_submit, actor=request.user, report=report)
        return _detail(request, pk, report=report)


def _decided(request, pk, done: bool, outcome: str) -> Response:
    """After approve/return: the report now. Repeating a decision already made (a double click) is
    answered with the report; deciding a report that is not waiting is a conflict."""
    if not done:
        report = selectors.report_get_for(request.user, pk)
        if report.status != outcome:
            raise Conflict(
                _("Laporan ini tidak sedang menunggu pemeriksaan; statusnya %(status)s.")
                % {"status": report.get_status_display().lower()}
            )
    return _detail(request, pk)


class DailyReportApprove(APIView):
    @extend_schema(
        summary="Setujui laporan bawahan (pejabat penilai)",
        description=(
            "Kuantitas kegiatan yang terkait IKI ditambahkan ke realisasinya dalam transaksi yang sama. Hanya "
            "pejabat penilai pegawai itu (atasan langsung atau Plt/Plh) yang dapat menyetujui: selainnya 403."
        ),
        request=None,
        responses={200: DailyReportDetailSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, pk):
        report = selectors.report_get_for(request.user, pk)
        done = _call(review.daily_report_approve, actor=request.user, report=report)
        return _decided(request, pk, done, ReportStatus.APPROVED)


class DailyReportReturn(APIView):
    @extend_schema(
        summary="Kembalikan laporan bawahan dengan catatan (pejabat penilai)",
        request=NoteSerializer,
        responses={200: DETAIL, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, pk):
        report = selectors.report_get_for(request.user, pk)
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = _call(review.daily_report_return, actor=request.user, report=report,
                     note=body.validated_data.get("note", ""))  # fmt: skip
        return _decided(request, pk, done, ReportStatus.RETURNED)


class ActivityEvidenceUpload(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Unggah bukti dukung sebuah kegiatan",
        description=(
            "Isian multipart 'file'. Jenis diperiksa dari isinya (PDF, JPEG, PNG, DOCX, XLSX), ukuran dan jumlah "
            "menurut pengaturan; gambar disimpan ulang tanpa metadata."
        ),
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, activity_id):
        activity = selectors.activity_get_for(request.user, activity_id)
        _require_owner(request.user, activity.report, _("Hanya pemilik laporan yang dapat mengubahnya."))
        body = EvidenceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evidence = _call(filing.evidence_add, actor=request.user, activity=activity, upload=body.validated_data["file"])
        return Response(EvidenceSerializer(evidence, context={"request": request}).data, status=201)
