"""The back office pages: the queue with its filters and overdue badges, one complaint, and the
action URLs (happy path, 403 for a leader, 404 out of scope, 405 for GET, failed forms keep input)."""

import datetime

import pytest
from django.urls import reverse

from apps.public_feedback.models import Complaint, ComplaintStatus, EntryKind
from apps.public_feedback.services import handling
from tests.conftest import client_for
from tests.core import test_permission_matrix as matrix

from . import rows
from .backoffice import new_complaint, routed, travel

MONDAY = datetime.date(2026, 11, 16)
QUEUE = reverse("kelola_pengaduan:complaint-list")


@pytest.fixture
def today(db):
    with travel(MONDAY):
        yield MONDAY


def detail_url(complaint):
    return reverse("kelola_pengaduan:complaint-detail", args=[complaint.pk])


def action_url(name, complaint):
    return reverse(f"kelola_pengaduan:complaint-{name}", args=[complaint.pk])


@pytest.fixture
def cases(org, admin_user, today):
    """A new one for BKPSDM, one at unit_a, one at unit_b, one spam."""
    with travel(datetime.date(2026, 11, 2)):
        fresh = new_complaint(org.unit_a, description="Lampu jalan mati di depan kantor lurah.")
        at_a = routed(admin_user, new_complaint(org.unit_a, description="Pungutan liar di loket KTP."), org.unit_a)
        at_b = routed(admin_user, new_complaint(org.unit_b, description="Jalan berlubang."), org.unit_b)
        spam = new_complaint(org.unit_a, description="Beli obat murah di situs kami.")
        handling.complaint_mark_spam(actor=admin_user, complaint=spam)
    return {"fresh": fresh, "at_a": at_a, "at_b": at_b, "spam": spam}


def refs(response) -> set[str]:
    return {c.reference for c in response.context["complaints"]}


class TestQueue:
    def test_admins_see_every_open_complaint_but_not_spam(self, admin_user, cases):
        response = client_for(admin_user).get(QUEUE)
        assert response.status_code == 200
        assert refs(response) == {cases[k].reference for k in ("fresh", "at_a", "at_b")}

    def test_the_spam_filter_is_separate_and_only_for_admins(self, admin_user, leader_user, cases):
        assert refs(client_for(admin_user).get(QUEUE, {"hidden": "spam"})) == {cases["spam"].reference}
        leader = client_for(leader_user).get(QUEUE, {"hidden": "spam", "status": "semua"})
        assert "hidden" not in leader.context["filters"].fields
        assert cases["spam"].reference not in refs(leader)

    def test_blocked_contacts_are_hidden_until_asked_for(self, admin_user, cases):
        Complaint.objects.filter(pk=cases["fresh"].pk).update(is_blocked=True)
        client = client_for(admin_user)
        assert cases["fresh"].reference not in refs(client.get(QUEUE))
        assert refs(client.get(QUEUE, {"hidden": "diblokir"})) == {cases["fresh"].reference}

    def test_a_handler_sees_what_was_routed_to_their_unit(self, org, cases):
        response = client_for(org.supervisor.user).get(QUEUE)
        assert response.status_code == 200 and refs(response) == {cases["at_a"].reference}
        assert refs(client_for(org.supervisor_b.user).get(QUEUE)) == {cases["at_b"].reference}

    def test_an_asn_is_refused_and_anonymous_sent_to_log_in(self, org, cases):
        assert client_for(org.asn.user).get(QUEUE).status_code == 403
        response = client_for(None).get(QUEUE)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_leaders_read_all(self, leader_user, cases):
        response = client_for(leader_user).get(QUEUE)
        assert refs(response) == {cases[k].reference for k in ("fresh", "at_a", "at_b")}

    def test_overdue_badges_and_filter(self, admin_user, cases, today):
        # fresh: due Thu 5 Nov, 7 working days late on Mon 16; at_a/at_b: due Mon 9 Nov, 5 late
        response = client_for(admin_user).get(QUEUE)
        html = response.content.decode()
        assert "terlambat 7 hari kerja" in html and "terlambat 5 hari kerja" in html
        assert "3 lewat batas waktu" in html
        on_time = new_complaint(cases["fresh"].unit)
        overdue = refs(client_for(admin_user).get(QUEUE, {"overdue": "on"}))
        assert on_time.reference not in overdue and len(overdue) == 3
        assert "3 hari kerja lagi" in client_for(admin_user).get(QUEUE).content.decode()

    def test_the_queue_puts_the_nearest_deadline_first(self, admin_user, cases):
        listed = [c.reference for c in client_for(admin_user).get(QUEUE).context["complaints"]]
        assert listed[0] == cases["fresh"].reference

    def test_filters_by_status_kind_unit_and_search(self, org, admin_user, cases):
        client = client_for(admin_user)
        assert refs(client.get(QUEUE, {"status": "baru"})) == {cases["fresh"].reference}
        assert refs(client.get(QUEUE, {"unit": org.unit_b.name})) == {cases["at_b"].reference}
        assert refs(client.get(QUEUE, {"q": "pungutan"})) == {cases["at_a"].reference}
        assert refs(client.get(QUEUE, {"q": cases["at_b"].reference})) == {cases["at_b"].reference}
        assert refs(client.get(QUEUE, {"kind": "aspirasi"})) == set()
        handling.complaint_resolve(actor=admin_user, complaint=cases["at_b"])
        assert cases["at_b"].reference not in refs(client.get(QUEUE))
        assert cases["at_b"].reference in refs(client.get(QUEUE, {"status": "semua"}))

    @pytest.mark.parametrize("params", [{"status": "nonsense"}, {"unit": "Dinas Tidak Ada"}, {"page": "x" * 50}])
    def test_bad_filters_are_explained_not_fatal(self, admin_user, cases, params):
        response = client_for(admin_user).get(QUEUE, {**params, "q": "<script>alert(1)</script>' OR 1=1 --"})
        assert response.status_code == 200
        assert b"<script>alert(1)" not in response.content

    def test_an_unknown_unit_is_explained(self, admin_user, cases):
        response = client_for(admin_user).get(QUEUE, {"unit": "Dinas Tidak Ada"})
        assert "Pilih unit kerja dari daftar" in response.content.decode()

    def test_query_count_does_not_grow_with_rows(self, org, admin_user, today):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        clients = {user: client_for(user) for user in (admin_user, org.supervisor.user)}

        def queries(client) -> int:
            client.get(QUEUE)  # the first request of a session writes it; the rest only read
            with CaptureQueriesContext(connection) as captured:
                assert client.get(QUEUE).status_code == 200
            return len(captured)

        def add(n):
            for _ in range(n):
                rows.complaint(unit=org.unit_a, handling_unit=org.unit_a, status="diteruskan", follow_up_due=MONDAY)

        add(3)
        few = {user: queries(client) for user, client in clients.items()}
        add(40)
        many = {user: queries(client) for user, client in clients.items()}
        assert many == few
        assert max(few.values()) <= 14, few


class TestDetail:
    def test_admin_and_the_units_handler_see_it(self, org, admin_user, cases):
        for user in (admin_user, org.supervisor.user):
            response = client_for(user).get(detail_url(cases["at_a"]))
            assert response.status_code == 200
            assert "Pungutan liar di loket KTP." in response.content.decode()

    def test_out_of_scope_is_404(self, org, cases):
        for user in (org.supervisor_b.user, org.asn.user, org.outsider.user):
            assert client_for(user).get(detail_url(cases["at_a"])).status_code == 404
        assert client_for(org.supervisor.user).get(detail_url(cases["fresh"])).status_code == 404  # not routed yet
        assert client_for(org.supervisor.user).get(detail_url(cases["spam"])).status_code == 404

    def test_spam_is_shown_to_admins_only(self, admin_user, leader_user, cases):
        assert client_for(admin_user).get(detail_url(cases["spam"])).status_code == 200
        assert client_for(leader_user).get(detail_url(cases["spam"])).status_code == 404

    def test_the_timeline_tells_public_from_internal(self, org, admin_user, cases):
        handling.complaint_add_note(actor=admin_user, complaint=cases["at_a"], text="Cek CCTV loket.")
        response = client_for(org.supervisor.user).get(detail_url(cases["at_a"]))
        timeline = response.context["timeline"]
        kinds = [(entry.kind, entry.is_public) for entry in timeline]
        assert kinds == [(EntryKind.SUBMITTED, True), (EntryKind.ROUTED, True), (EntryKind.NOTE, False)]
        html = response.content.decode()
        assert "Cek CCTV loket." in html and "internal" in html and "terlihat pelapor" in html

    def test_the_forms_are_those_the_user_may_use(self, org, admin_user, leader_user, cases):
        admin_page = client_for(admin_user).get(detail_url(cases["fresh"]))
        assert set(admin_page.context["actions"]) == {"route", "ask_info", "out_of_scope", "spam", "note", "link"}
        assert 'list="unit-options"' in admin_page.content.decode()
        handler_page = client_for(org.supervisor.user).get(detail_url(cases["at_a"]))
        assert set(handler_page.context["actions"]) == {"reply", "resolve", "close_unresolved", "note", "link"}
        leader_page = client_for(leader_user).get(detail_url(cases["at_a"]))
        assert leader_page.status_code == 200 and leader_page.context["panels"] == []
        assert '<form method="post" action="/kelola/pengaduan/' not in leader_page.content.decode()


class TestActions:
    def test_admin_routes_by_picking_a_unit_from_the_list(self, org, admin_user, cases):
        response = client_for(admin_user).post(
            action_url("route", cases["fresh"]), {"route-unit": org.unit_b.name, "route-note": "Segera."}
        )
        assert response.status_code == 302 and response["Location"] == detail_url(cases["fresh"])
        cases["fresh"].refresh_from_db()
        assert cases["fresh"].status == ComplaintStatus.DITERUSKAN and cases["fresh"].handling_unit == org.unit_b

    def test_handler_replies_then_resolves(self, org, cases):
        client = client_for(org.supervisor.user)
        assert client.post(action_url("reply", cases["at_a"]), {"reply-text": "Sudah kami tegur."}).status_code == 302
        assert client.post(action_url("resolve", cases["at_a"]), {"resolve-text": ""}).status_code == 302
        cases["at_a"].refresh_from_db()
        assert cases["at_a"].status == ComplaintStatus.SELESAI
        followed = client.get(detail_url(cases["at_a"]))
        assert "dinyatakan selesai" in followed.content.decode()

    def test_link_with_nip_and_verdict(self, org, cases):
        response = client_for(org.supervisor.user).post(
            action_url("link", cases["at_a"]), {"link-nip": org.asn.nip, "link-substantiated": "ya"}
        )
        assert response.status_code == 302
        cases["at_a"].refresh_from_db()
        assert cases["at_a"].employee == org.asn and cases["at_a"].substantiated is True

    def test_a_failed_form_keeps_its_input(self, org, cases):
        response = client_for(org.supervisor.user).post(
            action_url("link", cases["at_a"]), {"link-nip": org.outsider.nip, "link-substantiated": "tidak"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Pegawai ini bukan bagian dari unit yang menangani pengaduan." in html
        assert f'value="{org.outsider.nip}"' in html

    def test_an_empty_reply_is_explained(self, org, cases):
        response = client_for(org.supervisor.user).post(action_url("reply", cases["at_a"]), {"reply-text": "  "})
        assert response.status_code == 400 and "Tulis tanggapan untuk pelapor." in response.content.decode()

    def test_a_wrong_status_is_explained(self, admin_user, cases):
        response = client_for(admin_user).post(action_url("reply", cases["fresh"]), {"reply-text": "Halo"})
        assert response.status_code == 400
        assert "sehingga tidak dapat ditanggapi." in response.content.decode()

    def test_an_unknown_unit_keeps_the_typed_text(self, admin_user, cases):
        response = client_for(admin_user).post(action_url("route", cases["fresh"]), {"route-unit": "Dinas Rahasia"})
        assert response.status_code == 400
        assert 'value="Dinas Rahasia"' in response.content.decode()

    def test_leaders_get_403_on_every_action(self, leader_user, cases):
        client = client_for(leader_user)
        for name in ("route", "ask-info", "out-of-scope", "spam", "reply", "note", "resolve", "close", "link"):
            assert client.post(action_url(name, cases["at_a"]), {}).status_code == 403, name
        cases["at_a"].refresh_from_db()
        assert cases["at_a"].status == ComplaintStatus.DITERUSKAN

    def test_a_handler_may_not_triage(self, org, admin_user, cases):
        handling.complaint_route(actor=admin_user, complaint=cases["fresh"], unit=org.unit_a)
        response = client_for(org.supervisor.user).post(action_url("spam", cases["fresh"]), {})
        assert response.status_code == 403

    def test_out_of_scope_answers_404(self, org, cases):
        for user in (org.supervisor_b.user, org.asn.user):
            response = client_for(user).post(action_url("reply", cases["at_a"]), {"reply-text": "x"})
            assert response.status_code == 404
        assert not cases["at_a"].entries.filter(kind=EntryKind.REPLY).exists()

    def test_get_is_405(self, admin_user, cases):
        assert client_for(admin_user).get(action_url("route", cases["fresh"])).status_code == 405


# --- the permission matrix rows of these URLs (the shared table, checked here on its own) -------------


def back_office_names():
    return [name for name in matrix.url_names() if name.startswith("kelola_pengaduan:")]


def test_every_back_office_url_has_a_matrix_row():
    assert back_office_names() and all(matrix.rule_for(name) for name in back_office_names())


@pytest.mark.parametrize("role", matrix.ROLES)
def test_matrix_rows_hold(role, personas):
    client = client_for(personas[role])
    failures = []
    for name in back_office_names():
        url = matrix.sample_url(name)
        status = client.get(url).status_code
        if status not in matrix.rule_for(name)[role]:
            failures.append(f"{name} {url}: {status}")
    assert failures == []
