"""Shapes of the trainings API (``apps/trainings/api.py``).

Input serializers check only the form of a query parameter, with Indonesian messages; who may
enroll, deadlines, eligibility and seats stay in ``services.enrollment``, so the API and the pages
answer alike. Output serializers read what the view loaded and passed in; they query nothing."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.daily_reports.serializers import date_field
from apps.indicators.serializers import PersonRefSerializer

from .models import Competency, Enrollment, EnrollmentStatus, JpEntry, TrainingProgram, TrainingSession

YEARS = (2000, 2100)  # the messages below name these bounds


def jp_field(**kwargs) -> serializers.DecimalField:
    """JP as a string with one decimal ("24.0")."""
    return serializers.DecimalField(max_digits=None, decimal_places=1, read_only=True, **kwargs)


# --- Input ---------------------------------------------------------------------------------------


class SessionListQuery(serializers.Serializer):
    """The session list's filters (query parameters); a bad value answers 400, never 500.
    ``from`` and ``to`` are Python keywords, so they are declared as ``date_from``/``date_to``
    and renamed in ``get_fields``."""

    program = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("ID program pelatihan."),
        error_messages={
            "invalid": _("Program harus berupa ID angka, misalnya 12."),
            "max_string_length": _("Program harus berupa ID angka, misalnya 12."),
            "min_value": _("Program harus berupa ID angka, misalnya 12."),
        },
    )
    date_from = date_field(required=False, help_text=_("Sesi yang mulai pada atau sesudah tanggal ini (TTTT-BB-HH)."))
    date_to = date_field(required=False, help_text=_("Sesi yang mulai pada atau sebelum tanggal ini (TTTT-BB-HH)."))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("date_from")
        fields["to"] = fields.pop("date_to")
        return fields

    def validate_program(self, value):
        if not TrainingProgram.objects.filter(pk=value, is_active=True).exists():
            raise serializers.ValidationError(_("Program pelatihan %(id)s tidak ditemukan.") % {"id": value})
        return value

    def validate(self, attrs):
        if "from" in attrs and "to" in attrs and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": [_("Tanggal akhir tidak boleh sebelum tanggal awal.")]})
        return attrs


class JpQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=YEARS[0],
        max_value=YEARS[1],
        help_text=_("Tahun JP, misalnya 2026. Tanpa tahun: tahun berjalan."),
        error_messages={
            "invalid": _("Tahun harus berupa angka, misalnya 2026."),
            "max_string_length": _("Tahun harus berupa angka, misalnya 2026."),
            "min_value": _("Tahun harus antara 2000 dan 2100."),
            "max_value": _("Tahun harus antara 2000 dan 2100."),
        },
    )
    nip = serializers.CharField(
        required=False,
        max_length=18,
        help_text=_("NIP pegawai (atasan: bawahan; admin BKPSDM dan pimpinan: siapa saja). Tanpa NIP: diri sendiri."),
        error_messages={"max_length": _("NIP paling panjang 18 karakter.")},
    )


# --- Output --------------------------------------------------------------------------------------


class CompetencyRefSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Competency
        fields = ["id", "name", "kind", "kind_label"]


class ProgramSerializer(serializers.ModelSerializer):
    path_label = serializers.CharField(source="get_path_display", read_only=True)
    jp = jp_field()
    competencies = CompetencyRefSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingProgram
        fields = ["id", "name", "path", "path_label", "method", "jp", "description", "partner", "competencies"]


class ProgramRefSerializer(serializers.ModelSerializer):
    path_label = serializers.CharField(source="get_path_display", read_only=True)
    jp = jp_field()

    class Meta:
        model = TrainingProgram
        fields = ["id", "name", "path", "path_label", "method", "jp", "partner"]


class OwnEnrollmentSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "status", "status_label", "source", "created_at"]


class SessionSerializer(serializers.ModelSerializer):
    """A session as the caller may see it: ``context["enrollments"]`` maps a session id to the
    caller's own (not cancelled) enrollment in it."""

    program = ProgramRefSerializer(read_only=True)
    online = serializers.SerializerMethodField()
    online_url = serializers.SerializerMethodField()
    seats_left = serializers.IntegerField(read_only=True)
    my_enrollment = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = ["id", "program", "starts_on", "ends_on", "place", "online", "online_url", "facilitator",
                  "capacity", "seats_left", "registration_deadline", "status", "my_enrollment"]  # fmt: skip

    def _own(self, session) -> Enrollment | None:
        return self.context["enrollments"].get(session.pk)

    @extend_schema_field(serializers.BooleanField(help_text=_("Sesi ini (juga) dilaksanakan daring.")))
    def get_online(self, session) -> bool:
        return bool(session.online_url)

    @extend_schema_field(
        serializers.URLField(allow_null=True, help_text=_("Tautan daring; hanya bagi peserta yang terdaftar."))
    )
    def get_online_url(self, session) -> str | None:
        own = self._own(session)
        if session.online_url and own is not None and own.status == EnrollmentStatus.REGISTERED:
            return session.online_url
        return None

    @extend_schema_field(OwnEnrollmentSerializer(allow_null=True))
    def get_my_enrollment(self, session):
        own = self._own(session)
        return OwnEnrollmentSerializer(own).data if own is not None else None


class EnrollmentResultSerializer(OwnEnrollmentSerializer):
    """The caller's enrollment after enrolling or cancelling, with the session as it is now."""

    session = SessionSerializer(read_only=True)
    waitlist_position = serializers.SerializerMethodField()

    class Meta(OwnEnrollmentSerializer.Meta):
        fields = [*OwnEnrollmentSerializer.Meta.fields, "waitlist_position", "session"]

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text=_("Urutan di daftar tunggu.")))
    def get_waitlist_position(self, enrollment) -> int | None:
        return self.context.get("waitlist_position")


class CertificateRefSerializer(serializers.Serializer):
    """The certificate of a completed session: its code, the public page that verifies it, and
    the download (null for a caller who may read the ledger but not download it)."""

    code = serializers.CharField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    generated_at = serializers.DateTimeField(read_only=True)
    verify_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(help_text=_("Halaman publik verifikasi kode sertifikat.")))
    def get_verify_url(self, certificate) -> str:
        return settings.SIKAP_SITE_URL.rstrip("/") + reverse("reports:verify", args=[certificate.code])

    @extend_schema_field(serializers.URLField(allow_null=True, help_text=_("Unduh PDF sertifikat.")))
    def get_download_url(self, certificate) -> str | None:
        if not self.context.get("may_download"):
            return None
        path = reverse("trainings:certificate-download", args=[certificate.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class JpEntrySerializer(serializers.ModelSerializer):
    """``context["certificates"]`` maps a source key to the certificate of that completion."""

    jp = jp_field()
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = JpEntry
        fields = ["id", "year", "jp", "source", "source_label", "title", "counts_toward_pppk_cap", "credited_at",
                  "certificate"]  # fmt: skip

    @extend_schema_field(CertificateRefSerializer(allow_null=True))
    def get_certificate(self, entry):
        certificate = self.context.get("certificates", {}).get(entry.source_key)
        return CertificateRefSerializer(certificate, context=self.context).data if certificate is not None else None


class JpSummarySerializer(serializers.Serializer):
    """``services.ledger.JpSummary``: PNS have a floor of JP a year, PPPK a ceiling."""

    total = jp_field()
    counted = jp_field(help_text=_("JP yang dihitung dalam batas PPPK."))
    target = serializers.IntegerField(read_only=True, help_text=_("PNS: JP minimal; PPPK: JP maksimal."))
    percent = serializers.IntegerField(read_only=True)
    is_pppk = serializers.BooleanField(read_only=True)
    below_floor = serializers.BooleanField(read_only=True)
    over_ceiling = serializers.BooleanField(read_only=True)
    message = serializers.CharField(read_only=True)


class JpLedgerSerializer(serializers.Serializer):
    employee = PersonRefSerializer(read_only=True)
    year = serializers.IntegerField(read_only=True)
    summary = JpSummarySerializer(read_only=True)
    entries = JpEntrySerializer(many=True, read_only=True)
