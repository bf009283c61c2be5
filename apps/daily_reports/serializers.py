"""Shapes of the daily-report API (``apps/daily_reports/api.py``).

Input serializers check only the form of a value (a date, a time, a number) with Indonesian
messages; every rule of the domain (filing window, overlapping times, quantity range, whose IKI,
file type and size) stays in ``services.filing`` / ``services.review``, so the API and the pages
give the same answers. Output serializers read what the selectors loaded; they query nothing."""

from decimal import ROUND_HALF_UP, Context, Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.upload_fields import SingleUploadField
from apps.indicators.models import Iki
from apps.indicators.serializers import EmployeeRefSerializer, PersonRefSerializer

from .models import Activity, DailyReport, Evidence, Place, ReportEvent, ReportStatus

# The page's widget sends "08:00"; scripts may add seconds.
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
DATE_MESSAGE = _("Tanggal harus berformat TTTT-BB-HH, misalnya 2026-11-18.")
TIME_MESSAGE = _("Jam harus berformat JJ:MM, misalnya 08:00.")
# The service's own wording (services/filing.py), so both checks read the same.
QUANTITY_RANGE = _("Kuantitas harus antara 0 dan 999.999.999.")
MAX_ACTIVITIES_PER_REQUEST = 50  # the highest ReportSettings.max_activities allows; the service applies the setting


def date_field(*, required_message=DATE_MESSAGE, **kwargs) -> serializers.DateField:
    messages = {"invalid": DATE_MESSAGE, "datetime": DATE_MESSAGE, "required": required_message,
                "null": required_message}  # fmt: skip
    return serializers.DateField(input_formats=["%Y-%m-%d"], error_messages=messages, **kwargs)


def time_field(required_message, **kwargs) -> serializers.TimeField:
    return serializers.TimeField(
        format="%H:%M",
        input_formats=TIME_FORMATS,
        error_messages={"invalid": TIME_MESSAGE, "required": required_message, "null": required_message},
        **kwargs,
    )


# --- Input ---------------------------------------------------------------------------------------


class ReportListQuery(serializers.Serializer):
    """The list's filters (query parameters); a bad value answers 400, never 500."""

    date_from = date_field(required=False, help_text=_("Dari tanggal (TTTT-BB-HH), termasuk."))
    date_to = date_field(required=False, help_text=_("Sampai tanggal (TTTT-BB-HH), termasuk."))
    status = serializers.ChoiceField(
        required=False,
        choices=ReportStatus.choices,
        help_text=_("Status laporan: draft, submitted, returned, atau approved."),
        error_messages={
            "invalid_choice": _("Status “{input}” tidak dikenal; pilih draft, submitted, returned, atau approved.")
        },
    )

    def validate(self, attrs):
        if "date_from" in attrs and "date_to" in attrs and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": [_("Tanggal akhir tidak boleh sebelum tanggal awal.")]})
        return attrs


class ActivityInputSerializer(serializers.Serializer):
    """One activity as the page's form takes it; the service decides whether it fits the day."""

    default_error_messages = {"invalid": _("Setiap kegiatan dikirim sebagai objek JSON.")}

    description = serializers.CharField(
        max_length=500,
        allow_blank=True,  # the service says "Tulis uraian kegiatannya." for a blank one
        help_text=_("Uraian kegiatan."),
        error_messages={
            "required": _("Tulis uraian kegiatannya."),
            "null": _("Tulis uraian kegiatannya."),
            "invalid": _("Uraian kegiatan harus berupa teks."),
            "max_length": _("Uraian kegiatan paling panjang {max_length} karakter."),
        },
    )
    iki = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Id indikator (IKI) SKP yang disetujui pada tahun laporan, atau null untuk tugas lain."),
        error_messages={
            "invalid": _("Indikator diisi dengan id-nya (angka), atau null untuk tugas lain."),
            "max_string_length": _("Indikator diisi dengan id-nya (angka), atau null untuk tugas lain."),
            "min_value": _("Indikator diisi dengan id-nya (angka), atau null untuk tugas lain."),
            "max_value": _("Indikator diisi dengan id-nya (angka), atau null untuk tugas lain."),
        },
    )
    quantity = serializers.DecimalField(
        # wide enough for the service to judge the range (and give its message); narrow enough
        # that an absurd number ("1e30") is refused here instead of overflowing
        max_digits=20,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=_("Kuantitas yang dicapai, dalam satuan indikatornya; wajib (lebih dari 0) bila ada indikator."),
        error_messages={
            "invalid": _("Kuantitas harus berupa angka, misalnya 4 atau 2.5."),
            "max_string_length": QUANTITY_RANGE,
            "max_digits": QUANTITY_RANGE,
            "max_whole_digits": QUANTITY_RANGE,
            "max_decimal_places": _("Kuantitas paling banyak 2 angka di belakang koma."),
        },
    )
    starts_at = time_field(_("Isi jam mulai."), help_text=_("Jam mulai, misalnya 08:00."))
    ends_at = time_field(_("Isi jam selesai."), help_text=_("Jam selesai, misalnya 09:30."))
    place = serializers.ChoiceField(
        choices=Place.choices,
        default=Place.KANTOR,
        help_text=_("Tempat: kantor, lapangan, atau rumah."),
        error_messages={"invalid_choice": _("Pilih tempat kegiatan."), "null": _("Pilih tempat kegiatan.")},
    )


class ReportCreateSerializer(serializers.Serializer):
    default_error_messages = {"invalid": _("Kirim objek JSON dengan tanggal dan daftar kegiatan.")}

    date = date_field(
        help_text=_("Tanggal laporan (TTTT-BB-HH): hari kerja dalam batas pengisian."),
        required_message=_("Isi tanggal laporan."),
    )
    activities = serializers.ListField(
        child=ActivityInputSerializer(),
        required=False,
        default=list,
        max_length=MAX_ACTIVITIES_PER_REQUEST,
        help_text=_("Kegiatan yang ditambahkan ke laporan; semuanya disimpan, atau tidak satu pun."),
        error_messages={
            "not_a_list": _("Kegiatan dikirim sebagai daftar (list)."),
            "null": _("Kegiatan dikirim sebagai daftar (list)."),
            "max_length": _("Paling banyak {max_length} kegiatan dalam satu permintaan."),
        },
    )


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,  # the service asks for the note, in its own words
        max_length=2000,
        help_text=_("Catatan untuk pegawai: apa yang perlu diperbaiki (wajib)."),
        error_messages={
            "invalid": _("Catatan harus berupa teks."),
            "null": _("Tulis catatan untuk pegawai: apa yang perlu diperbaiki."),
            "max_length": _("Catatan paling panjang {max_length} karakter."),
        },
    )


class EvidenceUploadSerializer(serializers.Serializer):
    file = SingleUploadField(
        help_text=_("PDF, JPEG, PNG, DOCX, atau XLSX; jenisnya diperiksa dari isinya."),
        error_messages={
            "required": _("Pilih file bukti yang akan diunggah."),
            "null": _("Pilih file bukti yang akan diunggah."),
            "invalid": _("Pilih file bukti yang akan diunggah."),
            "no_name": _("Pilih file bukti yang akan diunggah."),
            "empty": _("File bukti itu kosong."),
        },
    )


# --- Output --------------------------------------------------------------------------------------


class IkiRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Iki
        fields = ["id", "text", "target_unit"]


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text=_("Unduhan melalui halaman yang memeriksa akses."))

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "created_at", "download_url"]

    def get_download_url(self, evidence) -> str:
        path = reverse("daily_reports:evidence-download", args=[evidence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ActivitySerializer(serializers.ModelSerializer):
    iki = IkiRefSerializer(read_only=True, allow_null=True)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, rounding=ROUND_HALF_UP, read_only=True,
                                        allow_null=True)  # fmt: skip
    starts_at = serializers.TimeField(format="%H:%M", read_only=True)
    ends_at = serializers.TimeField(format="%H:%M", read_only=True)
    place_label = serializers.CharField(source="get_place_display", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "description", "iki", "quantity", "unit", "starts_at", "ends_at", "place", "place_label",
                  "evidence"]  # fmt: skip


class ReportEventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ReportEvent
        fields = ["action", "action_label", "actor", "note", "at"]

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("Nama yang melakukan.")))
    def get_actor(self, event) -> str | None:
        return event.actor.display_name if event.actor is not None else None


class DailyReportSerializer(serializers.ModelSerializer):
    """A report as one row of the list."""

    employee = EmployeeRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    activity_count = serializers.IntegerField(read_only=True)
    reviewed_by = PersonRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = DailyReport
        fields = ["id", "date", "status", "status_label", "employee", "activity_count", "submitted_at", "reviewed_by",
                  "reviewed_at", "return_note"]  # fmt: skip


class DailyReportDetailSerializer(DailyReportSerializer):
    """A report in full: its activities with their evidence, and its history. The view passes the
    rows it loaded (``selectors.activities_of`` and the events) in the context."""

    activities = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta(DailyReportSerializer.Meta):
        fields = [*DailyReportSerializer.Meta.fields, "activities", "events"]

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, report):
        return ActivitySerializer(self.context["activities"], many=True, context=self.context).data

    @extend_schema_field(ReportEventSerializer(many=True))
    def get_events(self, report):
        return ReportEventSerializer(self.context["events"], many=True, context=self.context).data


# --- The detail answer, written out ---------------------------------------------------------------
# ``DailyReportDetailSerializer`` stays what the OpenAPI schema is made from and what the answer
# must equal, but building it is most of the cost of filing a day: a ModelSerializer makes its
# fields anew from the model for every instance and every nesting, about 5 ms for a report of 5
# activities against 0.4 ms for the plain dicts below. tests/daily_reports/test_api_answers.py
# holds the two equal, field by field, for reports with and without evidence, history and review.

_CENTS = Decimal(".01")
_QUANTITY_CONTEXT = Context(prec=12)  # ActivitySerializer.quantity: max_digits=12, ROUND_HALF_UP


def _datetime(value, tz) -> str | None:
    """As DRF's DateTimeField writes it: ISO 8601 in the current time zone, "Z" for UTC."""
    if value is None:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _quantity(value) -> str | None:
    if value is None:
        return None
    return f"{value.quantize(_CENTS, rounding=ROUND_HALF_UP, context=_QUANTITY_CONTEXT):f}"


def _person(employee) -> dict | None:
    return None if employee is None else {"nip": employee.nip, "name": employee.name}


def report_detail_data(report: DailyReport, *, activities, events, request) -> dict:
    """``DailyReportDetailSerializer(report).data`` for the rows the view loaded: ``activities``
    with their iki and evidence (``selectors.activities_of``), ``events`` with their actor."""
    tz = timezone.get_current_timezone()
    employee, unit = report.employee, report.employee.unit
    return {
        "id": report.pk,
        "date": report.date.isoformat(),
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "employee": {**_person(employee), "unit": {"id": unit.pk, "name": unit.name, "kind": unit.kind}},
        "activity_count": report.activity_count,
        "submitted_at": _datetime(report.submitted_at, tz),
        "reviewed_by": _person(report.reviewed_by),
        "reviewed_at": _datetime(report.reviewed_at, tz),
        "return_note": report.return_note,
        "activities": [_activity_data(activity, tz, request) for activity in activities],
        "events": [
            {
                "action": event.action,
                "action_label": str(event.get_action_display()),
                "actor": event.actor.display_name if event.actor is not None else None,
                "note": event.note,
                "at": _datetime(event.at, tz),
            }
            for event in events
        ],
    }


def _activity_data(activity: Activity, tz, request) -> dict:
    iki = activity.iki
    return {
        "id": activity.pk,
        "description": activity.description,
        "iki": None if iki is None else {"id": iki.pk, "text": iki.text, "target_unit": iki.target_unit},
        "quantity": _quantity(activity.quantity),
        "unit": activity.unit,
        "starts_at": activity.starts_at.strftime("%H:%M"),
        "ends_at": activity.ends_at.strftime("%H:%M"),
        "place": activity.place,
        "place_label": str(activity.get_place_display()),
        "evidence": [
            {
                "id": evidence.pk,
                "original_name": evidence.original_name,
                "content_type": evidence.content_type,
                "size": evidence.size,
                "created_at": _datetime(evidence.created_at, tz),
                "download_url": request.build_absolute_uri(
                    reverse("daily_reports:evidence-download", args=[evidence.pk])
                ),
            }
            for evidence in activity.evidence.all()
        ],
    }
