"""SKP pages: the happy path of each role, refusals (404 / 403 / 405), what a failed form keeps,
and query counts that do not grow with the team."""

from decimal import Decimal

import pytest
from django.utils import timezone

from apps.indicators.models import Iki, Rhk, Skp, SkpStatus
from tests.conftest import client_for
from tests.factories import EmployeeFactory

from .conftest import YEAR, build_skp

pytestmark = pytest.mark.django_db


def test_asn_creates_fills_and_submits_an_skp_through_the_pages(org):
    client = client_for(org.asn.user)
    assert "Buat SKP" in client.get("/skp/").content.decode()
    response = client.post("/skp/baru/", {"year": YEAR, "start": "blank"})
    skp = Skp.objects.get(employee=org.asn)
    assert response.status_code == 302 and response["Location"] == f"/skp/{skp.pk}/"
    client.post(f"/skp/{skp.pk}/rhk/baru/", {"kind": "utama", "text": "Terlayaninya permohonan izin"})
    rhk = Rhk.objects.get(skp=skp)
    response = client.post(
        f"/skp/rhk/{rhk.pk}/iki/baru/",
        {
            "text": "Permohonan diproses",
            "aspect": "kuantitas",
            "target_value": "240",
            "target_unit": "berkas",
            "direction": "higher",
            "cumulative": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/skp/{skp.pk}/").content.decode()
    assert "Permohonan diproses" in page and "Ajukan SKP" in page
    assert client.post(f"/skp/{skp.pk}/ajukan/").status_code == 302
    assert Skp.objects.get(pk=skp.pk).status == SkpStatus.SUBMITTED


def test_a_bad_iki_form_keeps_what_was_typed_and_says_why_in_indonesian(org):
    skp = build_skp(org.asn)
    rhk = skp.rhk.get()
    response = client_for(org.asn.user).post(
        f"/skp/rhk/{rhk.pk}/iki/baru/",
        {
            "text": "Rapat dikoordinasikan",
            "aspect": "kuantitas",
            "target_value": "0",
            "target_unit": "rapat",
            "direction": "higher",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "tidak masuk akal" in page and "Rapat dikoordinasikan" in page and 'value="rapat"' in page
    assert rhk.iki.count() == 1


@pytest.mark.parametrize("value", ["abc", "-5", "1e999", "9" * 40])
def test_nonsense_numbers_get_a_message_not_a_500(org, value):
    skp = build_skp(org.asn)
    response = client_for(org.asn.user).post(
        f"/skp/rhk/{skp.rhk.get().pk}/iki/baru/",
        {"text": "x", "aspect": "kuantitas", "target_value": value, "target_unit": "x", "direction": "higher"},
    )
    assert response.status_code == 400


def test_supervisor_approves_from_the_team_page(org):
    skp = build_skp(org.asn)
    client_for(org.asn.user).post(f"/skp/{skp.pk}/ajukan/")
    client = client_for(org.supervisor.user)
    page = client.get("/skp/tim/").content.decode()
    assert org.asn.full_name in page and "Setujui" in page and "1 SKP menunggu" in page
    response = client.post(f"/skp/{skp.pk}/setujui/", {"next": "team"})
    assert response.status_code == 302 and response["Location"] == "/skp/tim/"
    assert Skp.objects.get(pk=skp.pk).status == SkpStatus.APPROVED


def test_return_without_a_note_is_refused_with_a_message(org):
    skp = build_skp(org.asn)
    client_for(org.asn.user).post(f"/skp/{skp.pk}/ajukan/")
    response = client_for(org.supervisor.user).post(f"/skp/{skp.pk}/kembalikan/", {"note": ""})
    assert response.status_code == 400 and "Tulis catatan" in response.content.decode()
    assert Skp.objects.get(pk=skp.pk).status == SkpStatus.SUBMITTED


def test_someone_elses_skp_is_not_found_and_actions_are_forbidden(org, approved_skp):
    assert client_for(org.outsider.user).get(f"/skp/{approved_skp.pk}/").status_code == 404
    assert client_for(org.asn_peer.user).get(f"/skp/{approved_skp.pk}/").status_code == 404
    assert client_for(org.supervisor_b.user).post(f"/skp/{approved_skp.pk}/setujui/").status_code == 404
    # the owner sees it, but may neither approve it nor edit it once approved
    owner = client_for(org.asn.user)
    assert owner.get(f"/skp/{approved_skp.pk}/").status_code == 200
    assert owner.post(f"/skp/{approved_skp.pk}/setujui/").status_code == 403
    assert owner.get(f"/skp/{approved_skp.pk}/rhk/baru/").status_code == 403
    assert owner.get(f"/skp/{approved_skp.pk}/setujui/").status_code == 405


def test_owner_records_realisation_and_sees_why(org, approved_skp):
    client = client_for(org.asn.user)
    iki = Iki.objects.get(rhk__skp=approved_skp)
    response = client.post(f"/skp/iki/{iki.pk}/realisasi/", {"period": "1", "value": "8", "note": "Januari"})
    assert response.status_code == 302
    page = client.get(f"/skp/{approved_skp.pk}/?periode=1").content.decode()
    assert "80 %" in page and "Realisasi 8 ÷ target 10 × 100 = 80 %" in page
    assert client.get(f"/skp/{approved_skp.pk}/?periode=zzz").status_code == 200  # odd period: the year


def test_revision_page_shows_the_frozen_version(org, approved_skp):
    page = client_for(org.asn.user).get(f"/skp/{approved_skp.pk}/revisi/1/").content.decode()
    assert "Terselesaikannya layanan administrasi" in page
    assert client_for(org.asn.user).get(f"/skp/{approved_skp.pk}/revisi/7/").status_code == 404


@pytest.mark.parametrize("size", [1, 10, 50])
def test_team_page_query_count_does_not_grow_with_the_team(org, size, django_assert_max_num_queries):
    for person in [
        org.asn,
        org.asn_peer,
        *[EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor) for _ in range(size - 2)],
    ][:size]:
        build_skp(person, approve_by=org.supervisor.user if person.pk % 2 else None)
    client = client_for(org.supervisor.user)
    client.get("/skp/tim/")  # warm the per-process caches (content types, settings row)
    with django_assert_max_num_queries(16):
        response = client.get("/skp/tim/")
    assert response.status_code == 200


def test_admin_overview_counts_per_unit(org, admin_user, approved_skp, django_assert_max_num_queries):
    build_skp(org.outsider)
    client = client_for(admin_user)
    client.get("/skp/rekap/")
    with django_assert_max_num_queries(10):
        response = client.get("/skp/rekap/")
    rows = {row["unit"].pk: row for row in response.context["rows"]}
    a, b = rows[org.unit_a.pk], rows[org.unit_b.pk]
    assert (a["employees"], a["approved"], a["none"]) == (3, 1, 2)
    assert (b["employees"], b["draft"], b["none"]) == (2, 1, 1)
    assert "1 dari 5 pegawai aktif" in response.content.decode()


def test_unit_head_keeps_the_goals_and_the_cascade_shows_them(org, admin_user):
    client = client_for(org.supervisor.user)
    response = client.post("/skp/sasaran/baru/", {"unit": org.unit_a.pk, "year": YEAR, "statement": "Layanan cepat"})
    assert response.status_code == 302
    goal = org.unit_a.goals.get()
    response = client.post(
        f"/skp/sasaran/{goal.pk}/iku/", {"text": "Waktu layanan", "target_value": "3", "target_unit": "hari"}
    )
    assert response.status_code == 302 and goal.indicators.get().target_value == Decimal(3)
    # the head of another unit may not touch it
    other = client_for(org.supervisor_b.user).post(f"/skp/sasaran/{goal.pk}/hapus/")
    assert other.status_code == 403
    skp = build_skp(org.supervisor)
    from apps.indicators.services import items

    items.rhk_save(actor=org.supervisor.user, skp=skp, rhk=skp.rhk.get(), text="RHK kepala", unit_goal=goal)
    page = client_for(admin_user).get(f"/skp/kaskade/?unit={org.unit_a.pk}&tahun={YEAR}").content.decode()
    assert "Layanan cepat" in page and "RHK kepala" in page


def test_settings_page_refuses_inverted_thresholds(admin_user):
    client = client_for(admin_user)
    response = client.post(
        "/skp/pengaturan/",
        {"period_kind": "quarterly", "achievement_cap": "120", "above_threshold": "80", "below_threshold": "90"},
    )
    assert response.status_code == 400 and "lebih kecil" in response.content.decode()
    response = client.post(
        "/skp/pengaturan/",
        {"period_kind": "quarterly", "achievement_cap": "130", "above_threshold": "110", "below_threshold": "80"},
    )
    assert response.status_code == 302


def test_home_pages_lead_to_the_skp(org):
    assert "Anda belum punya SKP tahun ini" in client_for(org.asn.user).get("/").content.decode()
    skp = build_skp(org.asn, year=timezone.localdate().year)
    client_for(org.asn.user).post(f"/skp/{skp.pk}/ajukan/")
    page = client_for(org.supervisor.user).get("/").content.decode()
    assert "1 SKP bawahan menunggu persetujuan Anda" in page and "/skp/tim/" in page
