"""The trainings API: the catalogue (active programs, upcoming sessions), self-enrollment and its
cancellation, and the JP ledger.

Same rules and messages as the pages, because both call ``services.enrollment``:

* a service's ``ValidationError`` answers 400 ``{field: [messages]}`` (``non_field_errors`` for a
  message without a field), its ``PermissionDenied`` 403 ``{"detail": message}``;
* sessions are the public catalogue (every signed-in user reads them); the online link is given
  only to registered participants;
* a JP ledger outside the caller's scope answers 404 (``access.get_employee_for``);
* the lists run a fixed number of queries, whatever the number of rows.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from apps.core import access

from . import selectors
from .certificates import selectors as certificate_selectors
from .models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    TrainingSettings,
)
from .serializers import (
    EnrollmentResultSerializer,
    JpLedgerSerializer,
    JpQuery,
    ProgramSerializer,
    SessionListQuery,
    SessionSerializer,
)
from .services import enrollment as enrollment_services
from .services.ledger import summarise

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

BAD_QUERY = OpenApiResponse(description='Parameter tidak valid; pesan per parameter, misalnya {"from": [...]}.')
REFUSED = OpenApiResponse(description='Pendaftaran ditolak; pesan layanan, misalnya {"non_field_errors": [...]}.')
FORBIDDEN = OpenApiResponse(description='Tindakan tidak diizinkan; {"detail": pesan}.')


def _query(serializer_class, request) -> dict:
    """Validated query parameters; an empty value (``?year=``) counts as not given."""
    data = {key: value for key, value in request.query_params.items() if value.strip()}
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return query.validated_data


def _errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {NON_FIELD if name == "__all__" else name: messages for name, messages in exc.message_dict.items()}
    return {NON_FIELD: exc.messages}


def _call(service, **kwargs):
    """Run a service, answering its refusals the API's way (400 / 403 with its message)."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(_errors(exc)) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


def _me(user):
    me = access.employee_of(user)
    if me is None:
        raise exceptions.PermissionDenied(_("Akun ini tidak terhubung dengan data pegawai."))
    return me


def _enrollment_answer(request, enrollment: Enrollment, *, status_code=200) -> Response:
    enrollment.session = session = selectors.session_get(enrollment.session_id)  # seats as they are now
    own = {session.pk: enrollment} if enrollment.status != EnrollmentStatus.CANCELLED else {}
    context = {"enrollments": own, "waitlist_position": selectors.waitlist_position(enrollment)}
    return Response(EnrollmentResultSerializer(enrollment, context=context).data, status=status_code)


@extend_schema(
    summary="Daftar program pelatihan aktif",
    description="Program yang aktif, dengan jalur, bentuk, JP, kompetensi yang dikembangkan, dan lembaga mitra.",
    responses={200: ProgramSerializer(many=True)},
)
class ProgramList(generics.ListAPIView):
    serializer_class = ProgramSerializer

    def get_queryset(self):
        return selectors.active_programs()


@extend_schema(
    summary="Daftar sesi pelatihan mendatang",
    description=(
        "Sesi terjadwal yang belum selesai, urut tanggal mulai, dengan sisa kursi dan status pendaftaran pengguna "
        "sendiri (my_enrollment, null bila belum mendaftar). Tautan daring hanya diberikan kepada peserta yang "
        "terdaftar. Saring dengan ?program=, ?from= dan ?to= (tanggal mulai, TTTT-BB-HH)."
    ),
    parameters=[SessionListQuery],
    responses={200: SessionSerializer(many=True), 400: BAD_QUERY},
)
class SessionList(generics.ListAPIView):
    serializer_class = SessionSerializer

    def get_queryset(self):
        query = _query(SessionListQuery, self.request)
        sessions = selectors.upcoming_sessions().filter(program__is_active=True)
        if "program" in query:
            sessions = sessions.filter(program_id=query["program"])
        if "from" in query:
            sessions = sessions.filter(starts_on__gte=query["from"])
        if "to" in query:
            sessions = sessions.filter(starts_on__lte=query["to"])
        return sessions

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        sessions = list(queryset) if page is None else page
        context = {**self.get_serializer_context(), "enrollments": selectors.own_enrollments(request.user, sessions)}
        data = SessionSerializer(sessions, many=True, context=context).data
        return Response(data) if page is None else self.get_paginated_response(data)


class SessionEnroll(APIView):
    @extend_schema(
        summary="Daftarkan diri ke sebuah sesi",
        description=(
            "Mendaftar sendiri dengan aturan yang sama seperti halaman: batas pendaftaran, sasaran program, dan "
            "jadwal yang bertabrakan. Bila kursi penuh, masuk daftar tunggu (status waitlisted). 201 dengan "
            "pendaftarannya; sesi yang tidak ada: 404."
        ),
        request=None,
        responses={
            201: EnrollmentResultSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: OpenApiResponse(description="Tidak ada sesi itu."),
        },
    )
    def post(self, request, pk):
        session = selectors.session_get(pk)
        me = _me(request.user)
        enrollment = _call(enrollment_services.enroll, actor=request.user, session=session, employee=me,
                           source=EnrollmentSource.SELF)  # fmt: skip
        return _enrollment_answer(request, enrollment, status_code=201)


class SessionCancel(APIView):
    @extend_schema(
        summary="Batalkan pendaftaran sendiri di sebuah sesi",
        description=(
            "Kursi yang dilepas langsung diberikan kepada peserta pertama di daftar tunggu. Tanpa pendaftaran "
            "(atau sesi yang tidak ada): 404; pendaftaran yang sudah selesai tidak dapat dibatalkan: 400."
        ),
        request=None,
        responses={
            200: EnrollmentResultSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: OpenApiResponse(description="Anda tidak terdaftar di sesi itu."),
        },
    )
    def post(self, request, pk):
        session = selectors.session_get(pk)
        enrollment = selectors.own_enrollment(request.user, session)
        if enrollment is None:
            raise exceptions.NotFound(_("Anda tidak terdaftar di sesi ini."))
        _call(enrollment_services.cancel, actor=request.user, enrollment=enrollment)
        return _enrollment_answer(request, enrollment)


class JpLedger(APIView):
    @extend_schema(
        summary="Catatan JP dan ringkasannya setahun",
        description=(
            "ASN: catatan sendiri. Atasan: juga bawahan (langsung dan tidak langsung) dengan ?nip=. Admin BKPSDM "
            "dan pimpinan: siapa saja dengan ?nip=. NIP di luar cakupan: 404. PNS wajib sedikitnya 20 JP setahun; "
            "PPPK paling banyak 24 JP setahun kontrak (menurut pengaturan). Catatan dari pelatihan yang lulus "
            "membawa sertifikatnya (kode, halaman verifikasi, tautan unduh bagi yang berhak)."
        ),
        parameters=[JpQuery],
        responses={200: JpLedgerSerializer, 400: BAD_QUERY, 404: OpenApiResponse(description="Tidak ada pegawai itu "
                                                                                   "dalam cakupan Anda.")},
    )  # fmt: skip
    def get(self, request):
        query = _query(JpQuery, request)
        year = query.get("year", timezone.localdate().year)
        if "nip" in query:
            try:
                employee = access.get_employee_for(request.user, nip=query["nip"])
            except Http404 as exc:
                raise exceptions.NotFound(_("Tidak ada pegawai dengan NIP itu dalam cakupan Anda.")) from exc
        else:
            employee = access.employee_of(request.user)
            if employee is None:
                raise exceptions.ValidationError(
                    {"nip": [_("Sertakan NIP pegawai yang catatan JP-nya ingin dilihat.")]}
                )
        entries = selectors.jp_entries(employee, year)
        total = sum((entry.jp for entry in entries), Decimal(0))
        counted = sum((entry.jp for entry in entries if entry.counts_toward_pppk_cap), Decimal(0))
        data = {
            "employee": employee,
            "year": year,
            "summary": summarise(employee, total, counted, TrainingSettings.current()),
            "entries": entries,
        }
        certificates = certificate_selectors.certificates_for_entries(entries)
        # one ledger is one employee's: whether the caller may download is the same for every row
        sample = next(iter(certificates.values()), None)
        context = {
            "request": request,
            "certificates": certificates,
            "may_download": sample is not None and access.can(request.user, "training.certificate", sample),
        }
        return Response(JpLedgerSerializer(data, context=context).data)
