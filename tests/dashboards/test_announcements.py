"""Announcements (sosialisasi): who they reach, when they show, reading them, the notices of the
notification centre, the home fragment and the query counts. The admins' pages:
test_announcements_manage.py."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from apps.core import access
from apps.core.models import Notification, OutboxMessage
from apps.dashboards import tasks
from apps.dashboards.models import Announcement, AnnouncementRead
from apps.dashboards.selectors.announcements import (
    announcement_list_for,
    announcement_recipient_ids,
    announcements_for,
    notice_key,
)
from apps.dashboards.services.announcements import (
    NOTIFY_TASK,
    announcement_withdraw,
)
from apps.employees.models import ActingAssignment, Employee
from tests.conftest import client_for
from tests.dashboards.announcement_support import NOW, fresh, publish
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sub_unit(org):
    """A sub-unit of unit_a (two levels down), with one employee."""
    child = OrgUnitFactory(name="Subbidang A1", parent=org.unit_a)
    grandchild = OrgUnitFactory(name="Seksi A1a", parent=child)
    return grandchild


@pytest.fixture
def sub_employee(sub_unit):
    return EmployeeFactory(unit=sub_unit)


def shown_to(user):
    return [a.pk for a in announcements_for(fresh(user))]


# --- Audience ------------------------------------------------------------------------------------


def test_audience_all_reaches_every_role(personas, admin_user):
    announcement = publish(admin_user)
    for role in ("asn", "supervisor", "admin", "leader", "outsider"):
        assert shown_to(personas[role]) == [announcement.pk], role


def test_audience_units_reaches_the_whole_subtree(org, admin_user, leader_user, sub_unit, sub_employee):
    announcement = publish(admin_user, audience="units", units=[org.unit_a])
    assert sorted(announcement.unit_ids) == sorted([org.unit_a.pk, sub_unit.parent_id, sub_unit.pk])
    for employee in (org.asn, org.supervisor, sub_employee):
        assert shown_to(employee.user) == [announcement.pk]
    for user in (org.outsider.user, admin_user, leader_user):
        assert shown_to(user) == []


def test_audience_sub_unit_does_not_reach_the_parent(org, admin_user, sub_unit, sub_employee):
    announcement = publish(admin_user, audience="units", units=[sub_unit])
    assert shown_to(sub_employee.user) == [announcement.pk]
    assert shown_to(org.asn.user) == []


def test_audience_roles(org, personas, admin_user, leader_user):
    to_supervisors = publish(admin_user, audience="roles", roles=["supervisor"])
    to_leaders = publish(admin_user, audience="roles", roles=["leader"])
    assert shown_to(org.supervisor.user) == [to_supervisors.pk]
    assert shown_to(org.supervisor_b.user) == [to_supervisors.pk]
    assert shown_to(org.asn.user) == []
    assert shown_to(leader_user) == [to_leaders.pk]
    assert shown_to(admin_user) == []


def test_units_and_roles_are_kept_only_for_their_audience(org, admin_user):
    announcement = publish(admin_user, audience="all", units=[org.unit_a], roles=["leader"])
    assert announcement.unit_ids == [] and announcement.roles == []
    assert list(announcement.units.all()) == []


# --- Scheduling, expiry, withdrawal, reading ----------------------------------------------------------


def test_scheduled_shows_from_its_start_and_expired_leaves_the_home_page(org, admin_user):
    start = NOW + datetime.timedelta(days=1)
    announcement = publish(admin_user, starts_at=start, expires_at=start + datetime.timedelta(days=2))
    assert shown_to(org.asn.user) == []
    assert list(announcement_list_for(fresh(org.asn.user))) == []
    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        assert shown_to(org.asn.user) == [announcement.pk]
    with time_machine.travel(start + datetime.timedelta(days=3), tick=False):
        assert shown_to(org.asn.user) == []
        # a past announcement stays in one's list and stays readable
        assert [a.pk for a in announcement_list_for(fresh(org.asn.user))] == [announcement.pk]
        response = client_for(org.asn.user).get(reverse("announcements:announcement-detail", args=[announcement.pk]))
        assert response.status_code == 200


def test_withdrawn_is_hidden_everywhere_but_from_admins(org, admin_user):
    announcement = publish(admin_user)
    announcement_withdraw(actor=admin_user, announcement=announcement)
    assert shown_to(org.asn.user) == []
    assert list(announcement_list_for(fresh(org.asn.user))) == []
    url = reverse("announcements:announcement-detail", args=[announcement.pk])
    assert client_for(org.asn.user).get(url).status_code == 404
    assert client_for(admin_user).get(url).status_code == 200


def test_read_leaves_the_home_page_but_stays_in_the_list(org, admin_user):
    announcement = publish(admin_user)
    client = client_for(org.asn.user)
    response = client.get(reverse("announcements:announcement-detail", args=[announcement.pk]))
    assert response.status_code == 200
    assert AnnouncementRead.objects.filter(announcement=announcement, user=org.asn.user).count() == 1
    assert shown_to(org.asn.user) == []
    listed = list(announcement_list_for(fresh(org.asn.user)))
    assert [(a.pk, a.is_read) for a in listed] == [(announcement.pk, True)]
    assert shown_to(org.asn_peer.user) == [announcement.pk]  # only the reader's own copy is read
    client.get(reverse("announcements:announcement-detail", args=[announcement.pk]))  # twice: still one row
    assert AnnouncementRead.objects.filter(announcement=announcement, user=org.asn.user).count() == 1


def test_detail_shows_the_body_as_text_with_line_breaks(org, admin_user):
    announcement = publish(admin_user, body="<script>alert(1)</script>\nBaris kedua")
    response = client_for(org.asn.user).get(reverse("announcements:announcement-detail", args=[announcement.pk]))
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Baris kedua" in html


def test_detail_of_an_announcement_not_addressed_to_me_is_404(org, admin_user):
    announcement = publish(admin_user, audience="units", units=[org.unit_b])
    url = reverse("announcements:announcement-detail", args=[announcement.pk])
    assert client_for(org.asn.user).get(url).status_code == 404
    assert client_for(org.outsider.user).get(url).status_code == 200
    assert (
        client_for(org.asn.user).post(reverse("announcements:announcement-read", args=[announcement.pk])).status_code
        == 404
    )


def test_detail_of_a_scheduled_announcement_is_404_for_readers(org, admin_user):
    announcement = publish(admin_user, starts_at=NOW + datetime.timedelta(hours=2))
    url = reverse("announcements:announcement-detail", args=[announcement.pk])
    assert client_for(org.asn.user).get(url).status_code == 404
    response = client_for(admin_user).get(url)
    assert response.status_code == 200
    assert not AnnouncementRead.objects.exists()  # the admin was not addressed yet: no read counted


def test_mark_read_post_redirects_to_a_local_next_only(org, admin_user):
    announcement = publish(admin_user)
    url = reverse("announcements:announcement-read", args=[announcement.pk])
    client = client_for(org.asn.user)
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "/?tab=1"})
    assert response.status_code == 302 and response["Location"] == "/?tab=1"
    assert shown_to(org.asn.user) == []
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("announcements:announcement-list")


def test_reading_marks_the_notice_read(org, admin_user):
    announcement = publish(admin_user)
    tasks.announcement_notify(announcement_id=announcement.pk)
    notice = Notification.objects.get(user=org.asn.user, key=notice_key(announcement.pk))
    assert notice.read_at is None
    client_for(org.asn.user).post(reverse("announcements:announcement-read", args=[announcement.pk]))
    notice.refresh_from_db()
    assert notice.read_at is not None


# --- Notices --------------------------------------------------------------------------------------------


def test_publish_enqueues_the_notice_task_through_the_outbox(admin_user, org):
    announcement = publish(admin_user)
    message = OutboxMessage.objects.get(task_name=NOTIFY_TASK)
    assert message.kwargs == {"announcement_id": announcement.pk}


def test_notice_task_writes_one_notice_per_addressed_user_and_is_idempotent(org, personas, admin_user, leader_user):
    inactive = EmployeeFactory(unit=org.unit_a)
    inactive.user.is_active = False
    inactive.user.save()
    left = EmployeeFactory(unit=org.unit_a)
    Employee.objects.filter(pk=left.pk).update(is_active=False)
    no_role = UserFactory()  # an account with neither an employee record nor a role
    announcement = publish(admin_user)
    expected = {personas[r].pk for r in ("asn", "supervisor", "admin", "leader", "outsider")}
    expected |= {org.asn_peer.user_id, org.supervisor_b.user_id}
    assert set(announcement_recipient_ids(announcement)) == expected
    assert no_role.pk not in expected

    assert tasks.announcement_notify(announcement_id=announcement.pk) == len(expected)
    assert tasks.announcement_notify(announcement_id=announcement.pk) == 0  # run twice: nothing new
    notices = Notification.objects.filter(key=notice_key(announcement.pk))
    assert {n.user_id for n in notices} == expected and notices.count() == len(expected)
    notice = notices.get(user=org.asn.user)
    assert notice.url == reverse("announcements:announcement-detail", args=[announcement.pk])
    assert "Program baru" in notice.title
    assert mail.outbox == []  # no e-mail storm
    announcement.refresh_from_db()
    assert announcement.addressed_count == len(expected) and announcement.notified_at is not None


def test_notice_recipients_by_role_and_unit(org, admin_user, leader_user, sub_employee):
    acting = EmployeeFactory(unit=org.unit_b)
    ActingAssignment.objects.create(
        employee=acting, unit=org.unit_b, kind="plt", starts_on=NOW.date(), ends_on=NOW.date()
    )
    assert access.is_supervisor(fresh(acting.user))  # the same person as access.roles knows
    supervisors = publish(admin_user, audience="roles", roles=["supervisor", "admin"])
    assert set(announcement_recipient_ids(supervisors)) == {
        org.supervisor.user_id,
        org.supervisor_b.user_id,
        acting.user_id,
        admin_user.pk,
    }
    units = publish(admin_user, audience="units", units=[org.unit_a])
    assert set(announcement_recipient_ids(units)) == {
        org.supervisor.user_id,
        org.asn.user_id,
        org.asn_peer.user_id,
        sub_employee.user_id,
    }


def test_scheduled_announcement_is_notified_by_the_sweep_once_started(org, admin_user):
    start = NOW + datetime.timedelta(hours=1)
    announcement = publish(admin_user, starts_at=start)
    assert tasks.announcement_notify(announcement_id=announcement.pk) == 0
    assert not Notification.objects.filter(key=notice_key(announcement.pk)).exists()
    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        assert tasks.announcements_notify_due() > 0
        assert tasks.announcements_notify_due() == 0  # notified: the sweep leaves it
    assert Notification.objects.filter(user=org.asn.user, key=notice_key(announcement.pk)).exists()


def test_withdraw_removes_the_notices_and_is_post_only(org, admin_user):
    announcement = publish(admin_user)
    tasks.announcement_notify(announcement_id=announcement.pk)
    url = reverse("announcements:announcement-withdraw", args=[announcement.pk])
    client = client_for(admin_user)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    announcement.refresh_from_db()
    assert announcement.is_withdrawn
    assert OutboxMessage.objects.filter(task_name__endswith="announcement_notices_withdraw").exists()
    assert tasks.announcement_notices_withdraw(announcement_id=announcement.pk) > 0
    assert not Notification.objects.filter(key=notice_key(announcement.pk)).exists()
    assert tasks.announcement_notify(announcement_id=announcement.pk) == 0  # a late task writes nothing


# --- Home fragment and notification centre ------------------------------------------------------------


def test_home_fragment_renders_the_list_or_nothing(org, admin_user):
    request = RequestFactory().get("/")
    request.user = org.asn.user
    assert render_to_string("dashboards/_announcements.html", {"announcements": []}, request).strip() == ""
    announcement = publish(admin_user, title="Pelatihan baru", body="Daftar sekarang.\n" + "panjang " * 100)
    html = render_to_string("dashboards/_announcements.html", {"announcements": [announcement]}, request)
    assert "Pelatihan baru" in html and "Daftar sekarang.<br>" in html
    assert reverse("announcements:announcement-detail", args=[announcement.pk]) in html
    assert reverse("announcements:announcement-read", args=[announcement.pk]) in html
    assert "Tandai sudah dibaca" in html and 'name="next" value="/"' in html


def test_notification_centre_lists_active_unread_announcements(org, admin_user):
    announcement = publish(admin_user, title="Perubahan aturan cuti")
    client = client_for(org.asn.user)
    html = client.get(reverse("core:notification-list")).content.decode()
    assert "Perubahan aturan cuti" in html
    client.get(reverse("announcements:announcement-detail", args=[announcement.pk]))
    html = client.get(reverse("core:notification-list")).content.decode()
    assert "Perubahan aturan cuti" not in html


# --- Query counts ----------------------------------------------------------------------------------------------


def _many(admin_user, org, n):
    for i in range(n):
        audience = ("all", "units", "roles")[i % 3]
        publish(admin_user, title=f"Pengumuman {i}", audience=audience, units=[org.unit_a], roles=["asn"])


@pytest.mark.parametrize("count", [1, 30])
def test_announcements_for_is_one_query(count, org, admin_user, django_assert_num_queries):
    _many(admin_user, org, count)
    user = fresh(org.supervisor.user)
    set(access.roles(user))  # known once per request (the nav asks it on every page)
    with django_assert_num_queries(1):
        shown = announcements_for(user, limit=5)
    assert len(shown) == min(count, 5)


@pytest.mark.parametrize("count", [2, 25])
def test_pages_have_a_fixed_number_of_queries(count, org, admin_user, django_assert_max_num_queries):
    _many(admin_user, org, count)
    for announcement in Announcement.objects.all()[:2]:
        tasks.announcement_notify(announcement_id=announcement.pk)
    asn = client_for(org.asn.user)
    admin = client_for(admin_user)
    with django_assert_max_num_queries(9):
        assert asn.get(reverse("announcements:announcement-list")).status_code == 200
    with django_assert_max_num_queries(9):
        assert asn.get(reverse("core:notification-list")).status_code == 200
    with django_assert_max_num_queries(9):
        assert admin.get(reverse("announcements:manage-list")).status_code == 200
