"""Announcements (sosialisasi): the BKPSDM admins' pages (list, publish, change, withdraw)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.dashboards import tasks
from apps.dashboards.models import Announcement
from apps.dashboards.services.announcements import announcement_update, announcement_withdraw
from tests.conftest import client_for
from tests.dashboards.announcement_support import NOW, publish
from tests.factories import OrgUnitFactory


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# --- Admin pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["asn", "supervisor", "leader"])
def test_management_is_for_admins_only(role, personas, admin_user):
    announcement = publish(admin_user)
    client = client_for(personas[role])
    assert client.get(reverse("announcements:manage-list")).status_code == 403
    assert client.get(reverse("announcements:announcement-create")).status_code == 403
    assert client.post(reverse("announcements:announcement-create"), {"title": "x"}).status_code == 403
    update = reverse("announcements:announcement-update", args=[announcement.pk])
    assert client.post(update, {"title": "x"}).status_code == 403
    withdraw = reverse("announcements:announcement-withdraw", args=[announcement.pk])
    assert client.post(withdraw).status_code == 403
    announcement.refresh_from_db()
    assert announcement.title == "Program baru" and not announcement.is_withdrawn


def form_data(**overrides):
    data = {
        "title": "Batas unggah SKP",
        "body": "Unggah sebelum 31 Maret.",
        "audience": "all",
        "starts_at": "2026-03-02T16:00",  # 09:00 UTC is 16:00 WIB
        "expires_at": "",
    }
    return {**data, **overrides}


def test_create_ignores_forged_fields(org, admin_user, leader_user):
    data = form_data(audience="units", units=[org.unit_a.pk])
    data |= {"published_by": leader_user.pk, "unit_ids": [999999], "is_withdrawn": "on", "notified_at": "2020-01-01"}
    response = client_for(admin_user).post(reverse("announcements:announcement-create"), data)
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.published_by == admin_user
    assert announcement.unit_ids == [org.unit_a.pk]
    assert not announcement.is_withdrawn and announcement.notified_at is None


def test_form_errors_keep_the_input(org, admin_user):
    client = client_for(admin_user)
    data = form_data(title="Judul yang diketik", audience="units", expires_at="2026-03-01T08:00")
    response = client.post(reverse("announcements:announcement-create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Judul yang diketik"' in html
    assert "Unggah sebelum 31 Maret." in html
    assert "Pilih sedikitnya satu unit kerja." in html
    assert "Waktu berakhir harus sesudah waktu mulai tampil." in html
    response = client.post(reverse("announcements:announcement-create"), form_data(audience="roles"))
    assert "Pilih sedikitnya satu peran." in response.content.decode()
    junk = form_data(audience="units", units=["abc", "999999"], roles=["root"], starts_at="kemarin")
    response = client.post(reverse("announcements:announcement-create"), junk)
    assert response.status_code == 400
    assert "Masukkan tanggal dan jam yang benar" in response.content.decode()
    assert not Announcement.objects.exists()


def test_edit_before_start_changes_everything(org, admin_user):
    sub_unit = OrgUnitFactory(name="Subbidang A1", parent=org.unit_a)
    announcement = publish(admin_user, starts_at=NOW + datetime.timedelta(days=1))
    data = form_data(audience="units", units=[sub_unit.pk], starts_at="2026-03-05T08:00")
    url = reverse("announcements:announcement-update", args=[announcement.pk])
    assert client_for(admin_user).get(url).status_code == 200
    assert client_for(admin_user).post(url, data).status_code == 302
    announcement.refresh_from_db()
    assert announcement.audience == "units" and announcement.unit_ids == [sub_unit.pk]
    assert announcement.title == "Batas unggah SKP"


def test_edit_after_start_changes_only_the_wording_and_the_end(org, admin_user):
    announcement = publish(admin_user)
    url = reverse("announcements:announcement-update", args=[announcement.pk])
    data = form_data(audience="roles", roles=["leader"], starts_at="2030-01-01T08:00", expires_at="2026-04-01T08:00")
    assert client_for(admin_user).post(url, data).status_code == 302
    announcement.refresh_from_db()
    assert announcement.title == "Batas unggah SKP"
    assert announcement.audience == "all" and announcement.roles == []
    assert announcement.starts_at == NOW - datetime.timedelta(minutes=1)
    assert announcement.expires_at == datetime.datetime(2026, 4, 1, 1, 0, tzinfo=datetime.UTC)
    # the end is still checked against the real start
    data = form_data(expires_at="2026-02-01T08:00", starts_at="2026-01-01T08:00")
    response = client_for(admin_user).post(url, data)
    assert response.status_code == 400
    assert "Waktu berakhir harus sesudah waktu mulai tampil." in response.content.decode()


def test_withdrawn_cannot_be_edited(admin_user, org):
    announcement = publish(admin_user)
    announcement_withdraw(actor=admin_user, announcement=announcement)
    url = reverse("announcements:announcement-update", args=[announcement.pk])
    assert client_for(admin_user).post(url, form_data()).status_code == 302
    announcement.refresh_from_db()
    assert announcement.title == "Program baru"
    with pytest.raises(Exception, match="ditarik"):
        announcement_update(actor=admin_user, announcement=announcement, data=form_data())


def test_manage_list_shows_status_and_reads(org, admin_user):
    active = publish(admin_user, title="Yang aktif")
    publish(admin_user, title="Yang terjadwal", starts_at=NOW + datetime.timedelta(days=1))
    publish(admin_user, title="Yang berakhir", starts_at=NOW - datetime.timedelta(days=5), expires_at=NOW)
    announcement_withdraw(actor=admin_user, announcement=publish(admin_user, title="Yang ditarik"))
    tasks.announcement_notify(announcement_id=active.pk)
    client_for(org.asn.user).get(reverse("announcements:announcement-detail", args=[active.pk]))
    html = client_for(admin_user).get(reverse("announcements:manage-list")).content.decode()
    for label in ("aktif", "terjadwal", "berakhir", "ditarik"):
        assert label in html
    assert f"1 dari {Announcement.objects.get(pk=active.pk).addressed_count}" in html


def test_junk_query_strings_and_ids(admin_user, org):
    assert client_for(org.asn.user).get(reverse("announcements:announcement-list") + "?page=abc").status_code == 200
    assert client_for(admin_user).get(reverse("announcements:manage-list") + "?page=-1").status_code == 200
    assert client_for(admin_user).get("/pengumuman/kelola/abc/ubah/").status_code == 404
    assert client_for(admin_user).get("/pengumuman/999999/").status_code == 404
