"""Daily report pages: filing as a person does it, what a failed form keeps, review, refusals and
query counts that do not grow with activities or subordinates."""

import datetime
from decimal import Decimal

import pytest

from apps.core.models import FormDraft
from apps.daily_reports.models import Activity, DailyReport, ReportStatus
from apps.daily_reports.services import filing, review
from apps.indicators.models import Iki
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.indicators.conftest import build_skp

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db
DAY = f"/laporan/hari/{TODAY.isoformat()}/"


def activity_post(**overrides):
    return {
        "description": "Mengagendakan surat masuk",
        "iki": "",
        "quantity": "",
        "starts_at": "08:00",
        "ends_at": "09:00",
        "place": "kantor",
        **overrides,
    }


def test_asn_files_and_submits_todays_report(org, today):
    skp = build_skp(org.asn, approve_by=org.supervisor.user)
    iki = Iki.objects.get(rhk__skp=skp)
    client = client_for(org.asn.user)
    assert client.get("/laporan/")["Location"] == DAY
    page = client.get(DAY).content.decode()
    assert "Belum ada kegiatan" in page and iki.text in page  # the indicator is offered
    response = client.post(DAY + "kegiatan/", activity_post(iki=iki.pk, quantity="5"))
    assert response.status_code == 302 and "tersimpan=1" in response["Location"]
    page = client.get(DAY).content.decode()
    assert "Mengagendakan surat masuk" in page and "5 dokumen" in page
    assert client.post(DAY + "ajukan/").status_code == 302
    assert DailyReport.objects.get(employee=org.asn).status == ReportStatus.SUBMITTED


def test_a_refused_activity_keeps_what_was_typed(org, today):
    client = client_for(org.asn.user)
    client.post(DAY + "kegiatan/", activity_post(description="Apel pagi"))
    response = client.post(DAY + "kegiatan/", activity_post(description="Rapat koordinasi bidang", starts_at="08:30"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "bertabrakan" in page and "Rapat koordinasi bidang" in page and 'value="08:30"' in page
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"description": ""}, "uraian"),
        ({"quantity": "-1"}, ""),
        ({"quantity": "1000000000000"}, ""),
        ({"starts_at": "25:00"}, ""),
        ({"place": "pantai"}, ""),
        ({"iki": "999999"}, ""),
    ],
)
def test_bad_input_is_a_400_with_a_message_never_a_500(org, today, overrides, words):
    response = client_for(org.asn.user).post(DAY + "kegiatan/", activity_post(**overrides))
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Activity.objects.exists()


def test_future_and_weekend_dates_say_why(org, today):
    client = client_for(org.asn.user)
    page = client.get("/laporan/hari/2026-11-19/").content.decode()
    assert "belum tiba" in page and "Tambah kegiatan" not in page
    response = client.post("/laporan/hari/2026-11-15/kegiatan/", activity_post())
    assert response.status_code == 400 and "bukan hari kerja" in response.content.decode()
    assert client.get("/laporan/hari/2026-02-30/").status_code == 404


def test_autosave_keeps_the_unfinished_form_for_the_next_visit(org, today):
    client = client_for(org.asn.user)
    assert client.post(DAY + "draf/", activity_post(description="Setengah diketik")).status_code == 204
    assert "Setengah diketik" in client.get(DAY).content.decode()
    client.post(DAY + "kegiatan/", activity_post(description="Setengah diketik"))
    assert "Setengah diketik" not in client.get(DAY + "?tersimpan=1").content.decode().split("Tambah kegiatan")[1]
    assert FormDraft.objects.get().data == {}  # saved for real: the draft is gone


def test_an_autosave_that_arrives_after_the_submit_does_not_come_back_as_a_draft(org, today):
    """The last field's change fires as the person clicks submit; the autosave can lose the race."""
    from apps.core.drafts import draft_stamp

    client = client_for(org.asn.user)
    rendered = draft_stamp()
    client.post(DAY + "kegiatan/", activity_post(description="Surat masuk", _draft_since=rendered))
    late = client.post(DAY + "draf/", activity_post(description="Surat masuk", _draft_since=rendered))
    assert late.status_code == 204
    assert FormDraft.objects.get().data == {}
    form = client.get(DAY).content.decode().split("Tambah kegiatan")[1]
    assert "Surat masuk" not in form
    # the next form, rendered after the submit (the clock is frozen here), autosaves as usual
    later = (datetime.datetime.fromisoformat(rendered) + datetime.timedelta(seconds=1)).isoformat()
    client.post(DAY + "draf/", activity_post(description="Kegiatan kedua", _draft_since=later))
    assert "Kegiatan kedua" in client.get(DAY).content.decode()


def test_evidence_upload_and_download_only_for_those_in_scope(org, today):
    client = client_for(org.asn.user)
    client.post(DAY + "kegiatan/", activity_post())
    activity = Activity.objects.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("notulen rapat.pdf", b"%PDF-1.4 isi", "application/pdf")
    assert client.post(f"/laporan/kegiatan/{activity.pk}/bukti/", {"file": pdf}).status_code == 302
    evidence = activity.evidence.get()
    response = client.get(f"/laporan/bukti/{evidence.pk}/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "notulen rapat.pdf" in response["Content-Disposition"]
    assert client_for(org.supervisor.user).get(f"/laporan/bukti/{evidence.pk}/").status_code == 200
    assert client_for(org.outsider.user).get(f"/laporan/bukti/{evidence.pk}/").status_code == 404
    fake = SimpleUploadedFile("foto.jpg", b"<html>bukan gambar</html>", "image/jpeg")
    response = client.post(f"/laporan/kegiatan/{activity.pk}/bukti/", {"file": fake}, follow=True)
    assert "bukan PDF" in response.content.decode() and activity.evidence.count() == 1


def test_a_stored_name_with_bidi_or_folders_is_cleaned_again_at_download(org, today):
    """Rows written before names were cleaned on upload (or by a path that skipped it) still
    download under a safe name."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(org.asn.user)
    client.post(DAY + "kegiatan/", activity_post())
    activity = Activity.objects.get()
    pdf = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 isi", "application/pdf")
    client.post(f"/laporan/kegiatan/{activity.pk}/bukti/", {"file": pdf})
    evidence = activity.evidence.get()
    type(evidence).objects.filter(pk=evidence.pk).update(original_name="../../rahasia\u202egpj.exe")
    disposition = client.get(f"/laporan/bukti/{evidence.pk}/")["Content-Disposition"]
    assert "\u202e" not in disposition and "../" not in disposition and "rahasiagpj.exe" in disposition


def _submitted(employee, day=TODAY, n=1):
    report = filing.report_open(actor=employee.user, day=day)
    for i in range(n):
        filing.activity_save(
            actor=employee.user,
            report=report,
            description=f"Kegiatan {i}",
            iki=None,
            quantity=None,
            starts_at=at(7 + i // 4, (i % 4) * 15),
            ends_at=at(7 + i // 4, (i % 4) * 15 + 10),
            place="kantor",
        )
    review.daily_report_submit(actor=employee.user, report=report)
    return report


def test_supervisor_returns_with_a_note_then_approves_the_resubmission(org, today):
    report = _submitted(org.asn)
    boss = client_for(org.supervisor.user)
    assert org.asn.full_name in boss.get("/laporan/tinjau/").content.decode()
    response = boss.post(f"/laporan/{report.pk}/kembalikan/", {"note": ""})
    assert response.status_code == 400 and "Tulis catatan" in response.content.decode()
    boss.post(f"/laporan/{report.pk}/kembalikan/", {"note": "Tambahkan bukti notulen"})
    page = client_for(org.asn.user).get(DAY).content.decode()
    assert "Tambahkan bukti notulen" in page and "Ajukan ulang" in page
    client_for(org.asn.user).post(DAY + "ajukan/")
    boss.post(f"/laporan/{report.pk}/setujui/", {"next": "queue"})
    assert DailyReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED
    history = boss.get(f"/laporan/{report.pk}/").content.decode()
    assert "dikembalikan" in history and "disetujui" in history


def test_approve_several_at_once_and_refuse_strangers(org, today):
    first, second = _submitted(org.asn), _submitted(org.asn_peer)
    outsider_report = _submitted(org.outsider)
    boss = client_for(org.supervisor.user)
    boss.post("/laporan/tinjau/setujui/", {"report": [first.pk, second.pk, outsider_report.pk]})
    assert DailyReport.objects.filter(status=ReportStatus.APPROVED).count() == 2  # the outsider's is out of scope
    assert boss.post(f"/laporan/{outsider_report.pk}/setujui/").status_code == 404
    assert client_for(org.asn.user).post(f"/laporan/{first.pk}/batalkan/", {"note": "x"}).status_code == 403
    assert client_for(org.asn.user).get(f"/laporan/{first.pk}/setujui/").status_code == 405


def test_overdue_reports_are_counted_in_the_queue(org, today):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 12, 9, tzinfo=datetime.UTC), tick=False):
        _submitted(org.asn, day=datetime.date(2026, 11, 12))  # Thu 12 -> Wed 18: 13, 16, 17, 18 = 4 > 3
    with time_machine.travel(datetime.datetime(2026, 11, 13, 9, tzinfo=datetime.UTC), tick=False):
        _submitted(org.asn_peer, day=datetime.date(2026, 11, 13))  # 3 working days: due today, not late
    queue = client_for(org.supervisor.user).get("/laporan/tinjau/")
    assert queue.context["overdue"] == 1
    reports = {r.employee_id: r for r in queue.context["reports"]}
    assert (reports[org.asn.pk].waited, reports[org.asn.pk].overdue) == (4, True)
    assert (reports[org.asn_peer.pk].waited, reports[org.asn_peer.pk].overdue) == (3, False)
    assert "terlambat" in queue.content.decode()


@pytest.mark.parametrize("count", [1, 10, 50])
def test_day_page_queries_do_not_grow_with_activities(org, today, count, django_assert_max_num_queries):
    from apps.daily_reports.models import ReportSettings

    ReportSettings.objects.update_or_create(pk=1, defaults={"max_activities": 50})
    report = filing.report_open(actor=org.asn.user, day=TODAY)
    start = datetime.datetime.combine(TODAY, at(6))
    for i in range(count):  # back-to-back 10-minute activities from 06:00
        begin, end = start + datetime.timedelta(minutes=10 * i), start + datetime.timedelta(minutes=10 * i + 10)
        filing.activity_save(
            actor=org.asn.user,
            report=report,
            description=f"Kegiatan {i}",
            iki=None,
            quantity=None,
            starts_at=begin.time(),
            ends_at=end.time(),
            place="kantor",
        )
    client = client_for(org.asn.user)
    client.get(DAY)
    with django_assert_max_num_queries(22):
        response = client.get(DAY)
    assert response.status_code == 200 and f"Kegiatan {count - 1}" in response.content.decode()


@pytest.mark.parametrize("size", [1, 10, 50])
def test_review_queue_queries_do_not_grow_with_subordinates(org, today, size, django_assert_max_num_queries):
    people = [org.asn, org.asn_peer] + [
        EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor) for _ in range(size - 2)
    ]
    for person in people[:size]:
        _submitted(person)
    client = client_for(org.supervisor.user)
    client.get("/laporan/tinjau/")
    with django_assert_max_num_queries(14):
        response = client.get("/laporan/tinjau/")
    assert len(response.context["reports"]) == size


def test_settings_page_for_admins(admin_user):
    client = client_for(admin_user)
    assert client.get("/laporan/pengaturan/").status_code == 200
    response = client.post(
        "/laporan/pengaturan/",
        {
            "days_back": "99",
            "review_days": "3",
            "escalate_days": "2",
            "reminder_hour": "15",
            "max_file_mb": "5",
            "max_files": "5",
            "max_activities": "20",
        },
    )
    assert response.status_code == 400


def test_approval_through_the_page_rolls_up_inside_a_request(org, today):
    """The roll-up runs under pghistory's per-request context wrapper, which an earlier
    executemany-based version tripped over (a 500 found by the browser journey)."""
    skp = build_skp(org.asn, approve_by=org.supervisor.user)
    iki = Iki.objects.get(rhk__skp=skp)
    client = client_for(org.asn.user)
    client.post(DAY + "kegiatan/", activity_post(iki=iki.pk, quantity="7"))
    client.post(DAY + "ajukan/")
    report = DailyReport.objects.get(employee=org.asn)
    response = client_for(org.supervisor.user).post("/laporan/tinjau/setujui/", {"report": [report.pk]})
    assert response.status_code == 302
    from apps.daily_reports.models import IkiRollup

    assert IkiRollup.objects.get(iki=iki).quantity == Decimal(7)
