"""Complaint intake through the service and the form: rules, privacy, bad input, no 500."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.core.models import Holiday, OutboxMessage
from apps.public_feedback.models import (
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintEntry,
    ComplaintStatus,
    EntryKind,
    FeedbackSettings,
)
from apps.public_feedback.services import codes, intake
from apps.public_feedback.tasks.intake import tracking_code_mail
from tests.public_feedback.conftest import submit_complaint
from tests.public_feedback.helpers import form_data, jpeg_upload

pytestmark = pytest.mark.django_db
CREATE = reverse("pengaduan:complaint-create")
WIB = datetime.timezone(datetime.timedelta(hours=7))


def test_submit_stores_a_new_complaint_with_its_first_public_entry(public_service):
    complaint, code = submit_complaint(service=public_service, location="Loket 3")
    assert complaint.status == ComplaintStatus.BARU
    assert complaint.unit == public_service.unit  # preset from the service
    assert complaint.channel == Channel.WEB and not complaint.is_blocked
    entry = complaint.entries.get()
    assert entry.kind == EntryKind.SUBMITTED and entry.is_public and entry.by_reporter
    assert complaint.code_hash == codes.code_hash(code)


@time_machine.travel(datetime.datetime(2026, 3, 13, 10, 0, tzinfo=WIB), tick=False)  # a Friday
def test_verify_due_counts_working_days_across_holidays():
    Holiday.objects.all().delete()  # the seeded national calendar: this test sets its own
    Holiday.objects.create(date=datetime.date(2026, 3, 16), name="Libur uji")  # Monday
    complaint, _ = submit_complaint()
    # Fri + 3 working days, Monday off: Tue 17, Wed 18, Thu 19
    assert complaint.verify_due == datetime.date(2026, 3, 19)


def test_naming_a_civil_servant_makes_it_rahasia_whatever_was_ticked():
    complaint, _ = submit_complaint(subject_text="Pak Budi, loket 2", is_confidential=False)
    assert complaint.is_confidential and not complaint.is_public
    plain, _ = submit_complaint()
    assert not plain.is_confidential and plain.is_public


def test_contact_needs_consent():
    with pytest.raises(ValidationError) as caught:
        submit_complaint(reporter_email="warga@example.test")
    assert "contact_consent" in caught.value.message_dict
    with pytest.raises(ValidationError):
        submit_complaint(reporter_phone="0812 3456 7890")
    complaint, _ = submit_complaint(reporter_phone="+62 812-3456-7890", contact_consent=True)
    assert complaint.contact_consent
    assert not Complaint.objects.filter(reporter_email="warga@example.test").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reporter_email", "bukan-email"),
        ("reporter_phone", "telepon saya"),
        ("reporter_phone", "12"),
        ("kind", "keluhan"),
        ("location", "x" * 201),
        ("subject_text", "x" * 201),
        ("reporter_name", "x" * 121),
    ],
)
def test_bad_fields_are_refused_with_a_message(field, value):
    overrides = {field: value, "contact_consent": True}
    with pytest.raises(ValidationError) as caught:
        submit_complaint(**overrides)
    assert field in caught.value.message_dict
    assert not Complaint.objects.exists()


def test_future_date_refused():
    with pytest.raises(ValidationError) as caught:
        submit_complaint(occurred_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "occurred_on" in caught.value.message_dict


def test_email_with_the_code_goes_through_the_outbox(public_service):
    complaint, code = submit_complaint(
        service=public_service, reporter_email="Warga@Example.test", contact_consent=True
    )
    assert complaint.reporter_email == "warga@example.test"
    message = OutboxMessage.objects.get(task_name="apps.public_feedback.tasks.intake.tracking_code_mail")
    assert code not in str(message.kwargs)  # the seed, not the code
    assert tracking_code_mail(**message.kwargs) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["warga@example.test"]
    assert code in mail.outbox[0].body and complaint.reference in mail.outbox[0].subject
    assert tracking_code_mail(**message.kwargs) == 0  # twice: one mail
    assert tracking_code_mail(complaint_id=complaint.pk, seed="another-seed") == 0
    assert len(mail.outbox) == 1


def test_no_email_no_outbox_message():
    submit_complaint()
    assert not OutboxMessage.objects.filter(task_name__contains="tracking_code_mail").exists()


# --- the form ----------------------------------------------------------------------------------


def test_form_page_lists_services_grouped_by_unit_and_searches(client, public_service):
    from tests.public_feedback.conftest import make_service

    other = make_service(name="Izin mendirikan bangunan", keywords="imb pbg")
    page = client.get(CREATE).content.decode()
    assert f'<optgroup label="{public_service.unit.name}">' in page
    assert "Pembuatan KTP elektronik" in page and "Izin mendirikan bangunan" in page
    found = client.get(CREATE, {"q": "pbg"}).content.decode()
    assert "Izin mendirikan bangunan" in found and "Pembuatan KTP elektronik" not in found
    assert f'value="{other.pk}"' in found
    # labels are tied to their inputs (screen readers, Playwright get_by_label)
    for name in ("description", "service", "unit", "reporter_email", "contact_consent", "attachments"):
        assert f'for="id_{name}"' in page


def test_form_submission_shows_the_code_once_and_never_in_a_url(client, public_service):
    response = client.post(CREATE, form_data(service=str(public_service.pk)))
    assert response.status_code == 302 and response.url == reverse("pengaduan:complaint-sent")
    complaint = Complaint.objects.get()
    page = client.get(response.url).content.decode()
    assert complaint.reference in page
    code = next(line.strip() for line in page.splitlines() if line.strip().startswith('<p class="pub-code"'))
    code = code.split(">")[1].split("<")[0]
    assert codes.code_hash(code) == complaint.code_hash
    again = client.get(reverse("pengaduan:complaint-sent"))
    assert again.status_code == 302  # shown once
    # the submitting session may open its tracking page directly
    detail = client.get(reverse("pengaduan:complaint-detail", args=[complaint.reference]))
    assert detail.status_code == 200 and code not in detail.content.decode()


def test_rahasia_is_set_by_the_form_when_a_person_is_named(client):
    client.post(CREATE, form_data(subject_text="Ibu Sari, bagian arsip"))
    assert Complaint.objects.get().is_confidential


def test_form_consent_message_and_input_kept(client):
    response = client.post(
        CREATE,
        form_data(reporter_email="warga@example.test", location="Kantor Camat", description="Uraian saya tetap ada."),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Centang persetujuan" in page
    assert 'value="warga@example.test"' in page and 'value="Kantor Camat"' in page
    assert "Uraian saya tetap ada." in page
    assert not Complaint.objects.exists()


def test_failed_form_says_files_must_be_chosen_again(client):
    response = client.post(CREATE, {**form_data(description=""), "attachments": [jpeg_upload()]})
    page = response.content.decode()
    assert "Tuliskan apa yang terjadi." in page
    assert "pilih lagi" in page.lower()
    assert not ComplaintAttachment.objects.exists()


@pytest.mark.parametrize("length", [5001, 100_000])
def test_long_description_gets_a_message_not_a_500(client, length):
    response = client.post(CREATE, form_data(description="a" * length))
    page = response.content.decode()
    assert response.status_code == 200
    assert "paling banyak 5.000 karakter" in page and f"{length:,}".replace(",", ".") in page
    assert not Complaint.objects.exists()


def test_description_at_the_limit_is_accepted(client):
    assert client.post(CREATE, form_data(description="a" * intake.DESCRIPTION_MAX)).status_code == 302


SCRIPT = "<script>alert('x')</script>"
SQL = "'; DROP TABLE public_feedback_complaint; --"


def test_script_tags_and_sql_are_stored_inert_and_escaped(client):
    hostile = f"{SCRIPT} {SQL}"
    data = form_data(
        description=hostile,
        location=hostile[:200],
        subject_text="",
        reporter_name=hostile[:120],
    )
    assert client.post(CREATE, data).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.description == hostile and complaint.location == hostile[:200]
    detail = client.get(reverse("pengaduan:complaint-detail", args=[complaint.reference])).content.decode()
    assert SCRIPT not in detail
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in detail
    assert Complaint.objects.count() == 1  # the table is still there


@pytest.mark.parametrize("field", ["description", "location", "reporter_name", "subject_text", "reporter_phone", "q"])
def test_hostile_input_in_every_field_never_500s(client, field):
    data = form_data(**{field: f"{SCRIPT}{SQL}\x00" * 3})
    response = client.post(CREATE + "?q=" + SQL, data)
    assert response.status_code in (200, 302)
    assert SCRIPT not in response.content.decode()


def test_nul_character_is_dropped_not_a_500():
    complaint, _ = submit_complaint(description="Ada karakter \x00 aneh")
    assert "\x00" not in complaint.description


def test_blocked_contact_is_kept_but_hidden_and_gets_no_mail():
    from apps.public_feedback.models import ContactBlock, ContactKind

    ContactBlock.objects.create(kind=ContactKind.PHONE, value="081234567890")
    complaint, _ = submit_complaint(reporter_phone="+62 812 3456 7890", contact_consent=True)
    assert complaint.is_blocked and not complaint.is_public
    ContactBlock.objects.create(kind=ContactKind.EMAIL, value="spammer@example.test")
    blocked, _ = submit_complaint(reporter_email="SPAMMER@example.test", contact_consent=True)
    assert blocked.is_blocked
    assert not OutboxMessage.objects.filter(task_name__contains="tracking_code_mail").exists()
    assert ComplaintEntry.objects.filter(complaint=blocked).count() == 1


def test_settings_deadline_is_used():
    Holiday.objects.all().delete()
    FeedbackSettings.objects.update_or_create(pk=1, defaults={"verify_days": 1})
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=WIB), tick=False):  # Tuesday
        complaint, _ = submit_complaint()
    assert complaint.verify_due == datetime.date(2026, 3, 11)


def test_landing_figures_count_this_year_and_the_share_on_time(org):
    from apps.public_feedback.selectors.public import landing_figures

    now = timezone.now()
    today = timezone.localdate()
    week = datetime.timedelta(days=7)
    # on time: routed by verify_due, answered by follow_up_due
    submit_complaint(
        status="selesai",
        handling_unit=org.unit_a,
        verify_due=today,
        routed_at=now,
        follow_up_due=today,
        responded_at=now,
        closed_at=now,
    )
    # late: routed a week after its verification deadline
    submit_complaint(
        status="tidak_selesai",
        handling_unit=org.unit_a,
        verify_due=today - week,
        routed_at=now,
        follow_up_due=today + week,
        closed_at=now,
    )
    # closed without routing, within the verification deadline (bukan wewenang)
    submit_complaint(status="bukan_wewenang", verify_due=today, closed_at=now)
    submit_complaint(status="spam", closed_at=now)  # neither received nor finished
    submit_complaint()  # open
    figures = landing_figures()
    assert (figures.received, figures.finished, figures.on_time_share) == (4, 3, 67)
