"""Privacy in the back office (UU 27/2022; DOMAIN.md "Complaints"): who sees the reporter, the
audit event on each view of personal data, and the export that carries no contact data and no
rahasia detail."""

import io

import pghistory.models
import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook

from apps.public_feedback.services import handling
from tests.conftest import client_for

from .backoffice import CONTACT, new_complaint, routed

CONTACT_VALUES = (CONTACT["reporter_name"], CONTACT["reporter_email"], CONTACT["reporter_phone"])


def audit_events(complaint):
    model = apps.get_model("public_feedback", "ComplaintAudit")
    return model.objects.filter(pgh_obj_id=complaint.pk, pgh_label="personal_data.viewed").order_by("pgh_id")


def reporter_url(complaint):
    return reverse("kelola_pengaduan:complaint-reporter", args=[complaint.pk])


def detail_url(complaint):
    return reverse("kelola_pengaduan:complaint-detail", args=[complaint.pk])


def shows_contact(response) -> bool:
    html = response.content.decode()
    return any(value in html for value in CONTACT_VALUES)


@pytest.fixture
def named(org, admin_user):
    """Routed to unit_a; the reporter gave their name and contact."""
    return routed(admin_user, new_complaint(org.unit_a, **CONTACT), org.unit_a)


@pytest.fixture
def anonim(org, admin_user):
    return routed(admin_user, new_complaint(org.unit_a, is_anonymous=True, **CONTACT), org.unit_a)


class TestWhoSeesTheReporter:
    def test_the_detail_page_never_shows_contact_by_itself(self, org, admin_user, leader_user, named):
        for user in (admin_user, leader_user, org.supervisor.user):
            response = client_for(user).get(detail_url(named))
            assert response.status_code == 200 and not shows_contact(response)
        assert not audit_events(named).exists()

    def test_admins_see_it_on_request_even_when_anonim(self, admin_user, anonim):
        response = client_for(admin_user).get(reporter_url(anonim))
        assert response.status_code == 200 and shows_contact(response)

    def test_handlers_see_it_when_not_anonim(self, org, named):
        response = client_for(org.supervisor.user).get(reporter_url(named))
        assert response.status_code == 200 and shows_contact(response)

    def test_anonim_is_hidden_from_handlers(self, org, anonim):
        page = client_for(org.supervisor.user).get(detail_url(anonim))
        assert not shows_contact(page)
        assert "hanya dapat dilihat admin BKPSDM" in page.content.decode()
        assert reverse("kelola_pengaduan:complaint-reporter", args=[anonim.pk]) not in page.content.decode()
        assert client_for(org.supervisor.user).get(reporter_url(anonim)).status_code == 403
        assert not audit_events(anonim).exists()

    def test_leaders_never_see_it(self, leader_user, named):
        assert client_for(leader_user).get(reporter_url(named)).status_code == 403
        assert not shows_contact(client_for(leader_user).get(detail_url(named)))

    def test_out_of_scope_is_404(self, org, named):
        for user in (org.supervisor_b.user, org.asn.user):
            assert client_for(user).get(reporter_url(named)).status_code == 404
        assert not audit_events(named).exists()

    def test_the_htmx_fragment_is_just_the_reporter_card(self, admin_user, named):
        response = client_for(admin_user).get(reporter_url(named), HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert shows_contact(response) and 'id="reporter"' in html and "<html" not in html


class TestAudit:
    def test_each_view_writes_an_event_with_who_and_where(self, org, admin_user, named):
        client_for(admin_user).get(reporter_url(named))
        client_for(org.supervisor.user).get(reporter_url(named), HTTP_HX_REQUEST="true")
        events = list(audit_events(named).select_related("pgh_context"))
        assert len(events) == 2
        first, second = (event.pgh_context.metadata for event in events)
        assert first["actor"] == admin_user.pk and first["user"] == admin_user.pk
        assert first["url"] == reporter_url(named) and first["action"] == "personal_data_view"
        assert second["actor"] == org.supervisor.user.pk

    def test_the_service_writes_it_outside_a_request_too(self, admin_user, named):
        from apps.public_feedback.services.privacy import reporter_view

        shown = reporter_view(actor=admin_user, complaint=named)
        assert shown.email == CONTACT["reporter_email"]
        context = audit_events(named).get().pgh_context
        assert isinstance(context, pghistory.models.Context) and context.metadata["actor"] == admin_user.pk


class TestExport:
    @pytest.fixture
    def exported(self, org, admin_user, named):
        secret = new_complaint(
            org.unit_a, subject_text="Pak Budi di loket 3", description="Meminta uang pelicin.", **CONTACT
        )
        handling.complaint_route(actor=admin_user, complaint=secret, unit=org.unit_a)
        response = client_for(admin_user).get(reverse("kelola_pengaduan:complaint-export"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        return secret, [[cell.value or "" for cell in row] for row in sheet.iter_rows()]

    def test_no_contact_data_and_no_text(self, named, exported):
        _secret, table = exported
        flat = " ".join(" ".join(map(str, row)) for row in table)
        for value in (*CONTACT_VALUES, "Meminta uang pelicin", "Pak Budi", named.description[:20]):
            assert value not in flat
        assert "email" not in table[0] and "Pelapor" not in " ".join(table[0])

    def test_rahasia_keeps_only_reference_status_and_unit(self, org, named, exported):
        secret, table = exported
        row = next(row for row in table if row[0] == secret.reference)
        assert row[:3] == [secret.reference, "Ditangani unit kerja", org.unit_a.name]
        assert all(value == "" for value in row[3:-1]) and row[-1] == "ya"
        public = next(row for row in table if row[0] == named.reference)
        assert public[3] == "Pengaduan" and public[-1] == "tidak"

    def test_a_handler_exports_only_their_units(self, org, admin_user, named):
        other = routed(admin_user, new_complaint(org.unit_b), org.unit_b)
        response = client_for(org.supervisor.user).get(reverse("kelola_pengaduan:complaint-export"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        references = {row[0].value for row in sheet.iter_rows(min_row=2)}
        assert named.reference in references and other.reference not in references

    def test_an_asn_may_not_export(self, org):
        assert client_for(org.asn.user).get(reverse("kelola_pengaduan:complaint-export")).status_code == 403
