"""The holiday table pages (/libur/) and the services behind them."""

import datetime

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core import services, workdays
from apps.core.models import Holiday, HolidayKind
from tests.conftest import client_for
from tests.core.test_workdays import load_reference_holidays

D = datetime.date
LIST = reverse("core:holiday-list")
CREATE = reverse("core:holiday-create")
# 2025-12-31 18:00 UTC is already 1 January 2026 in Asia/Jakarta.
NEW_YEAR_IN_JAKARTA = datetime.datetime(2025, 12, 31, 18, 0, tzinfo=datetime.UTC)


def update_url(holiday):
    return reverse("core:holiday-update", args=[holiday.pk])


def delete_url(holiday):
    return reverse("core:holiday-delete", args=[holiday.pk])


def events(action):
    """Audit rows (pghistory) written under ``action``."""
    HolidayEvent = django_apps.get_model("core", "HolidayEvent")
    return HolidayEvent.objects.filter(pgh_context__metadata__action=action)


@pytest.fixture
def admin_client(admin_user):
    return client_for(admin_user)


@pytest.fixture(autouse=True)
def _reference_holidays(db):
    load_reference_holidays()


@pytest.fixture
def holiday(db):
    return Holiday.objects.get(date=D(2026, 8, 17))


class TestList:
    @time_machine.travel(NEW_YEAR_IN_JAKARTA, tick=False)
    def test_defaults_to_the_current_year_in_jakarta(self, admin_client):
        page = admin_client.get(LIST).content.decode()
        assert "Tahun Baru 2026 Masehi" in page and "Proklamasi Kemerdekaan" in page
        assert "Tahun Baru 2025 Masehi" not in page
        assert "Senin, 17 Agustus 2026" in page
        assert "240 hari kerja pada tahun 2026" in page

    @time_machine.travel(NEW_YEAR_IN_JAKARTA, tick=False)
    def test_year_selector(self, admin_client):
        page = admin_client.get(LIST, {"tahun": "2025"}).content.decode()
        assert "Tahun Baru 2025 Masehi" in page and "Tahun Baru 2026 Masehi" not in page
        assert "237 hari kerja pada tahun 2025" in page
        assert 'href="?tahun=2024"' in page and 'href="?tahun=2026"' in page  # neighbours and the table's years
        assert '<a href="?tahun=2025" aria-current="page">2025</a>' in page
        assert 'href="?tahun=2027"' in admin_client.get(LIST).content.decode()
        for junk in ("abc", "99999", "-1"):
            assert "Tahun Baru 2026 Masehi" in admin_client.get(LIST, {"tahun": junk}).content.decode()

    def test_empty_year(self, admin_client):
        page = admin_client.get(LIST, {"tahun": "2031"}).content.decode()
        assert "Belum ada hari libur untuk tahun 2031." in page

    def test_query_count_does_not_grow_with_rows(self, admin_client, django_assert_max_num_queries):
        admin_client.get(LIST)  # warm the session and the user
        with django_assert_max_num_queries(8) as few:
            admin_client.get(LIST, {"tahun": "2026"})
        Holiday.objects.bulk_create(
            Holiday(date=D(2026, 9, 1) + datetime.timedelta(days=k), name=f"Libur {k}", kind=HolidayKind.LIBUR_DAERAH)
            for k in range(60)
        )
        with django_assert_max_num_queries(len(few.captured_queries)):
            admin_client.get(LIST, {"tahun": "2026"})

    def test_nav_link_only_for_admins(self, personas):
        assert f'href="{LIST}"' in client_for(personas["admin"]).get("/").content.decode()
        for role in ("asn", "supervisor", "leader"):
            assert f'href="{LIST}"' not in client_for(personas[role]).get("/").content.decode()


class TestCreate:
    def test_happy_path(self, admin_client, admin_user):
        assert admin_client.get(CREATE).status_code == 200
        response = admin_client.post(CREATE, {"date": "2026-07-07", "name": " HUT Kota ", "kind": "libur_daerah"})
        assert response.status_code == 302 and response.url == f"{LIST}?tahun=2026"
        holiday = Holiday.objects.get(date=D(2026, 7, 7))
        assert (holiday.name, holiday.kind) == ("HUT Kota", HolidayKind.LIBUR_DAERAH)
        assert not workdays.is_working_day(D(2026, 7, 7))
        event = events("holiday_create").get(pgh_obj_id=holiday.pk)
        assert event.pgh_context.metadata["actor"] == admin_user.pk
        assert "HUT Kota" in admin_client.get(response.url).content.decode()

    def test_extra_working_day(self, admin_client):
        saturday = D(2026, 6, 13)
        assert not workdays.is_working_day(saturday)
        admin_client.post(CREATE, {"date": "13/06/2026", "name": "Sabtu pengganti", "kind": "hari_kerja_tambahan"})
        assert workdays.is_working_day(saturday)

    def test_duplicate_date_is_refused_and_keeps_what_was_typed(self, admin_client):
        response = admin_client.post(CREATE, {"date": "2026-08-17", "name": "Upacara", "kind": "libur_daerah"})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Tanggal 17 Agustus 2026 sudah terdaftar sebagai “Proklamasi Kemerdekaan”" in page
        assert 'value="Upacara"' in page and 'value="2026-08-17"' in page
        assert '<option value="libur_daerah" selected>' in page
        assert Holiday.objects.filter(date=D(2026, 8, 17)).count() == 1

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"date": "31/02/2026", "name": "Salah tanggal", "kind": "libur_daerah"}, "date"),
            ({"date": "1890-01-01", "name": "Terlalu lama", "kind": "libur_daerah"}, "date"),
            ({"date": "2026-07-07", "name": "   ", "kind": "libur_daerah"}, "name"),
            ({"date": "2026-07-07", "name": "Jenis aneh", "kind": "bolos"}, "kind"),
        ],
    )
    def test_invalid_input_is_400_and_kept(self, admin_client, data, field):
        response = admin_client.post(CREATE, data)
        assert response.status_code == 400
        assert field in response.context["form"].errors
        page = response.content.decode()
        if data["name"].strip():
            assert f'value="{data["name"]}"' in page
        assert not Holiday.objects.filter(date=D(2026, 7, 7)).exists()


class TestUpdateAndDelete:
    def test_update_happy_path(self, admin_client, holiday):
        page = admin_client.get(update_url(holiday)).content.decode()
        assert 'value="2026-08-17"' in page and 'value="Proklamasi Kemerdekaan"' in page
        response = admin_client.post(
            update_url(holiday), {"date": "2026-08-17", "name": "HUT RI ke-81", "kind": "libur_nasional"}
        )
        assert response.status_code == 302 and response.url == f"{LIST}?tahun=2026"
        holiday.refresh_from_db()
        assert holiday.name == "HUT RI ke-81"
        assert events("holiday_update").filter(pgh_obj_id=holiday.pk).count() == 1

    def test_update_to_a_taken_date_is_400(self, admin_client, holiday):
        response = admin_client.post(
            update_url(holiday), {"date": "2026-08-25", "name": "Pindah", "kind": "libur_nasional"}
        )
        assert response.status_code == 400
        assert "sudah terdaftar sebagai “Maulid Nabi Muhammad SAW”" in response.content.decode()
        assert 'value="Pindah"' in response.content.decode()
        holiday.refresh_from_db()
        assert (holiday.date, holiday.name) == (D(2026, 8, 17), "Proklamasi Kemerdekaan")

    def test_delete(self, admin_client, holiday):
        assert workdays.is_working_day(holiday.date) is False
        response = admin_client.post(delete_url(holiday))
        assert response.status_code == 302 and response.url == f"{LIST}?tahun=2026"
        assert not Holiday.objects.filter(pk=holiday.pk).exists()
        assert workdays.is_working_day(D(2026, 8, 17))
        assert events("holiday_delete").filter(pgh_obj_id=holiday.pk, pgh_label="delete").exists()

    def test_get_on_delete_is_405(self, admin_client, holiday):
        assert admin_client.get(delete_url(holiday)).status_code == 405
        assert Holiday.objects.filter(pk=holiday.pk).exists()

    def test_unknown_id_is_404(self, admin_client):
        assert admin_client.get("/libur/999999/ubah/").status_code == 404
        assert admin_client.post("/libur/999999/ubah/", {"date": "2026-07-07", "name": "x"}).status_code == 404
        assert admin_client.post("/libur/999999/hapus/").status_code == 404


class TestAccess:
    def test_anonymous_is_sent_to_log_in(self, holiday):
        client = client_for(None)
        for url in (LIST, CREATE, update_url(holiday)):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        assert client.post(delete_url(holiday)).status_code == 302
        assert Holiday.objects.filter(pk=holiday.pk).exists()

    @pytest.mark.parametrize("role", ["asn", "supervisor", "leader"])
    def test_other_roles_are_403_and_change_nothing(self, personas, role, holiday):
        client = client_for(personas[role])
        assert client.get(LIST).status_code == 403
        assert client.post(CREATE, {"date": "2026-07-07", "name": "x", "kind": "libur_daerah"}).status_code == 403
        assert (
            client.post(update_url(holiday), {"date": "2026-08-17", "name": "x", "kind": "cuti_bersama"}).status_code
            == 403
        )
        assert client.post(delete_url(holiday)).status_code == 403
        assert not Holiday.objects.filter(date=D(2026, 7, 7)).exists()
        holiday.refresh_from_db()
        assert holiday.name == "Proklamasi Kemerdekaan"


class TestServices:
    def test_update_without_change_writes_nothing(self, admin_user, holiday):
        services.holiday_update(actor=admin_user, holiday=holiday, name=" Proklamasi Kemerdekaan ")
        assert not events("holiday_update").exists()

    def test_services_validate_on_their_own(self, admin_user, holiday):
        with pytest.raises(ValidationError) as info:
            services.holiday_create(actor=admin_user, date=D(2026, 8, 17), name="Lagi", kind=HolidayKind.LIBUR_NASIONAL)
        assert "date" in info.value.message_dict
        with pytest.raises(ValidationError):
            services.holiday_create(actor=admin_user, date=D(2026, 7, 7), name="x", kind="bolos")
        with pytest.raises(ValidationError):
            services.holiday_update(actor=admin_user, holiday=holiday, date=D(2026, 8, 25))
        assert Holiday.objects.filter(date=D(2026, 8, 17)).exists()
