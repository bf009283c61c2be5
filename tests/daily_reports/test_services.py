"""Daily reports through the services, against the real database (DOMAIN.md "Daily reports")."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.models import Holiday, HolidayKind, OutboxMessage
from apps.daily_reports.models import DailyReport, IkiRollup, ReportEvent, ReportStatus
from apps.daily_reports.services import filing, review
from apps.indicators.models import Iki
from apps.indicators.selectors.achievement import skp_result
from tests.indicators.conftest import build_skp

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def iki(org, today):
    skp = build_skp(org.asn, approve_by=org.supervisor.user)
    return Iki.objects.get(rhk__skp=skp)


def add(actor, report, start, end, *, iki=None, quantity=None, description="Mengagendakan surat masuk"):
    return filing.activity_save(
        actor=actor,
        report=report,
        description=description,
        iki=iki,
        quantity=quantity,
        starts_at=at(*start),
        ends_at=at(*end),
        place="kantor",
    )


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


class TestFilingWindow:
    def test_today_and_three_working_days_back(self, org, today):
        assert filing.filing_days() == [datetime.date(2026, 11, d) for d in (13, 16, 17, 18)]
        for day in filing.filing_days():
            assert filing.report_open(actor=org.asn.user, day=day).status == ReportStatus.DRAFT

    @pytest.mark.parametrize(
        "day, words",
        [
            (datetime.date(2026, 11, 19), "belum tiba"),
            (datetime.date(2026, 11, 15), "bukan hari kerja"),
            (datetime.date(2026, 11, 12), "lewat batas"),
        ],
        ids=["future", "sunday", "too-old"],
    )
    def test_refused_days_say_why(self, org, today, day, words):
        with pytest.raises(ValidationError) as exc:
            filing.report_open(actor=org.asn.user, day=day)
        assert words in messages_of(exc)
        assert not DailyReport.objects.exists()

    def test_a_holiday_is_refused_unless_an_admin_opens_it(self, org, today):
        Holiday.objects.update_or_create(
            date=datetime.date(2026, 11, 17), defaults={"name": "Libur daerah uji", "kind": HolidayKind.LIBUR_DAERAH}
        )
        with pytest.raises(ValidationError):
            filing.report_open(actor=org.asn.user, day=datetime.date(2026, 11, 17))
        Holiday.objects.update_or_create(
            date=datetime.date(2026, 11, 14), defaults={"name": "Sabtu kerja", "kind": HolidayKind.HARI_KERJA_TAMBAHAN}
        )
        assert filing.report_open(actor=org.asn.user, day=datetime.date(2026, 11, 14)).pk

    def test_one_report_per_day(self, org, today):
        first = filing.report_open(actor=org.asn.user, day=TODAY)
        assert filing.report_open(actor=org.asn.user, day=TODAY) == first
        assert DailyReport.objects.count() == 1


def test_a_draft_closes_with_its_window_but_a_returned_report_stays_open(org):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 12, 9, tzinfo=datetime.UTC), tick=False):
        draft = filing.report_open(actor=org.asn.user, day=datetime.date(2026, 11, 12))
        add(org.asn.user, draft, (8, 0), (9, 0))
        returned = filing.report_open(actor=org.asn_peer.user, day=datetime.date(2026, 11, 12))
        add(org.asn_peer.user, returned, (8, 0), (9, 0))
        review.daily_report_submit(actor=org.asn_peer.user, report=returned)
        review.daily_report_return(actor=org.supervisor.user, report=returned, note="Perbaiki")
    with time_machine.travel(datetime.datetime(2026, 11, 18, 9, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(ValidationError) as exc:
            add(org.asn.user, draft, (9, 0), (10, 0))
        assert "lewat batas" in messages_of(exc)
        with pytest.raises(ValidationError):
            review.daily_report_submit(actor=org.asn.user, report=draft)
        add(org.asn_peer.user, returned, (9, 0), (10, 0))
        assert review.daily_report_submit(actor=org.asn_peer.user, report=returned).status == ReportStatus.SUBMITTED


class TestActivities:
    def test_unit_comes_from_the_indicator(self, org, iki):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        activity = add(org.asn.user, report, (8, 0), (9, 30), iki=iki, quantity=Decimal(4))
        assert activity.unit == "dokumen"

    def test_overlapping_times_are_refused_naming_the_other(self, org, today):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        add(org.asn.user, report, (8, 0), (9, 0), description="Apel pagi")
        with pytest.raises(ValidationError) as exc:
            add(org.asn.user, report, (8, 30), (10, 0))
        assert "bertabrakan" in messages_of(exc) and "Apel pagi" in messages_of(exc)
        add(org.asn.user, report, (9, 0), (10, 0))  # touching is not overlapping

    @pytest.mark.parametrize("start, end", [((10, 0), (10, 0)), ((11, 0), (10, 0))])
    def test_end_must_follow_start(self, org, today, start, end):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        with pytest.raises(ValidationError):
            add(org.asn.user, report, start, end)

    @pytest.mark.parametrize("quantity", [Decimal(-1), Decimal(10) ** 12])
    def test_quantity_out_of_range(self, org, iki, quantity):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        with pytest.raises(ValidationError) as exc:
            add(org.asn.user, report, (8, 0), (9, 0), iki=iki, quantity=quantity)
        assert "Kuantitas" in messages_of(exc)

    def test_empty_description_and_someone_elses_indicator(self, org, iki):
        report = filing.report_open(actor=org.asn_peer.user, day=TODAY)
        with pytest.raises(ValidationError) as exc:
            add(org.asn_peer.user, report, (8, 0), (9, 0), description="   ", iki=iki, quantity=Decimal(1))
        assert "uraian" in messages_of(exc) and "bukan bagian dari SKP Anda" in messages_of(exc)

    def test_a_report_holds_at_most_the_configured_number(self, org, today):
        from apps.daily_reports.models import ReportSettings

        ReportSettings.objects.update_or_create(pk=1, defaults={"max_activities": 2})
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        add(org.asn.user, report, (8, 0), (9, 0))
        add(org.asn.user, report, (9, 0), (10, 0))
        with pytest.raises(ValidationError) as exc:
            add(org.asn.user, report, (10, 0), (11, 0))
        assert "paling banyak 2" in messages_of(exc)

    def test_copy_previous_day_and_routines(self, org, today):
        yesterday = filing.report_open(actor=org.asn.user, day=datetime.date(2026, 11, 17))
        routine_source = add(org.asn.user, yesterday, (7, 30), (8, 0), description="Apel pagi")
        add(org.asn.user, yesterday, (8, 0), (12, 0), description="Verifikasi berkas")
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        assert filing.copy_previous_day(actor=org.asn.user, report=report) == 2
        assert filing.copy_previous_day(actor=org.asn.user, report=report) == 0  # all times now taken
        routine = filing.routine_from_activity(actor=org.asn.user, activity=routine_source)
        assert filing.routine_add_to(actor=org.asn.user, report=report, routine=routine) == 0
        assert [a.description for a in report.activities.order_by("starts_at")] == ["Apel pagi", "Verifikasi berkas"]


class TestEvidence:
    @pytest.fixture
    def activity(self, org, today):
        return add(org.asn.user, filing.report_open(actor=org.asn.user, day=TODAY), (8, 0), (9, 0))

    def test_a_6_mb_file_is_refused(self, org, activity):
        big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024), "application/pdf")
        with pytest.raises(ValidationError) as exc:
            filing.evidence_add(actor=org.asn.user, activity=activity, upload=big)
        assert "batasnya 5" in messages_of(exc)

    @pytest.mark.parametrize(
        "name, content",
        [
            ("foto.jpg", b"<html><script>alert(1)</script></html>"),
            ("gambar.svg", b"<svg><script>alert(1)</script></svg>"),
        ],
    )
    def test_html_named_jpg_and_svg_are_refused(self, org, activity, name, content):
        with pytest.raises(ValidationError) as exc:
            filing.evidence_add(actor=org.asn.user, activity=activity, upload=SimpleUploadedFile(name, content))
        assert "bukan PDF" in messages_of(exc)

    def test_at_most_five_files_and_a_png_is_reencoded(self, org, activity):
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
        for n in range(5):
            filing.evidence_add(
                actor=org.asn.user,
                activity=activity,
                upload=SimpleUploadedFile(f"f{n}.png", buffer.getvalue(), "image/png"),
            )
        with pytest.raises(ValidationError) as exc:
            filing.evidence_add(
                actor=org.asn.user,
                activity=activity,
                upload=SimpleUploadedFile("f6.png", buffer.getvalue(), "image/png"),
            )
        assert "paling banyak 5" in messages_of(exc)
        assert activity.evidence.first().file.open("rb").read().startswith(b"\x89PNG")


class TestReview:
    def test_submit_twice_is_one_submission(self, org, today):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        add(org.asn.user, report, (8, 0), (9, 0))
        review.daily_report_submit(actor=org.asn.user, report=report)
        review.daily_report_submit(actor=org.asn.user, report=DailyReport.objects.get(pk=report.pk))
        assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1
        assert OutboxMessage.objects.filter(task_name="apps.daily_reports.tasks.report_submitted").count() == 1

    def test_an_empty_report_cannot_be_submitted(self, org, today):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        with pytest.raises(ValidationError):
            review.daily_report_submit(actor=org.asn.user, report=report)

    def test_approval_rolls_up_once_and_reopening_takes_it_back(self, org, iki):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        add(org.asn.user, report, (8, 0), (9, 0), iki=iki, quantity=Decimal(6))
        add(org.asn.user, report, (9, 0), (10, 0), iki=iki, quantity=Decimal(4))
        review.daily_report_submit(actor=org.asn.user, report=report)
        assert review.daily_report_approve(actor=org.supervisor.user, report=report)
        assert not review.daily_report_approve(actor=org.supervisor.user, report=report)  # double click
        assert IkiRollup.objects.get(iki=iki, period=11).quantity == Decimal(10)
        november = skp_result(iki.rhk.skp, period=11)
        assert november.rhk[0].iki[0].realisation == Decimal(10) and november.percent == Decimal(100)
        review.daily_report_reopen(actor=org.supervisor.user, report=report, note="Salah hitung")
        assert IkiRollup.objects.get(iki=iki, period=11).quantity == Decimal(0)
        report.refresh_from_db()
        assert report.status == ReportStatus.RETURNED and report.is_editable

    def test_return_needs_a_note_and_resubmission_is_recorded(self, org, today):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        add(org.asn.user, report, (8, 0), (9, 0))
        review.daily_report_submit(actor=org.asn.user, report=report)
        with pytest.raises(ValidationError):
            review.daily_report_return(actor=org.supervisor.user, report=report, note="")
        review.daily_report_return(actor=org.supervisor.user, report=report, note="Lengkapi bukti")
        add(org.asn.user, report, (9, 0), (10, 0))
        review.daily_report_submit(actor=org.asn.user, report=report)
        actions = list(report.events.values_list("action", "note"))
        assert actions == [("submitted", ""), ("returned", "Lengkapi bukti"), ("submitted", "diajukan ulang")]

    def test_only_the_pejabat_penilai_reviews(self, org, today):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        add(org.asn.user, report, (8, 0), (9, 0))
        review.daily_report_submit(actor=org.asn.user, report=report)
        for outsider in (org.supervisor_b.user, org.asn_peer.user, org.asn.user):
            with pytest.raises(PermissionDenied):
                review.daily_report_approve(actor=outsider, report=report)
        with pytest.raises(PermissionDenied):
            review.daily_report_approve_many(actor=org.supervisor_b.user, reports=[report])
        assert DailyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED

    def test_an_approved_report_is_locked(self, org, today):
        report = filing.report_open(actor=org.asn.user, day=TODAY)
        activity = add(org.asn.user, report, (8, 0), (9, 0))
        review.daily_report_submit(actor=org.asn.user, report=report)
        review.daily_report_approve(actor=org.supervisor.user, report=report)
        with pytest.raises(ValidationError) as exc:
            filing.activity_delete(actor=org.asn.user, activity=activity)
        assert "terkunci" in messages_of(exc)
