"""The blocklist that BKPSDM keeps and the page where a unit's head designates its complaint
handlers (services/blocklist.py, services/unit_handlers.py and their pages)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.public_feedback.models import Complaint, ContactBlock, UnitHandler
from apps.public_feedback.selectors.handlers import handler_users
from apps.public_feedback.services import blocklist
from apps.public_feedback.services.unit_handlers import unit_handler_add
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory

from .backoffice import CONTACT, new_complaint

BLOCKLIST = reverse("kelola_pengaduan:blocklist")
HANDLERS = reverse("kelola_pengaduan:handler-list")


@pytest.fixture(autouse=True)
def _heads_loaded(org):
    """The org fixture sets the heads with an UPDATE; the unit objects must know them."""
    org.unit_a.refresh_from_db()
    org.unit_b.refresh_from_db()


class TestBlocklist:
    def test_phone_numbers_are_one_entry_however_written(self, admin_user):
        block, _hidden = blocklist.contact_block_add(actor=admin_user, kind="phone", value="+62 812-9988-7766")
        assert block.value == "081299887766"
        with pytest.raises(ValidationError) as exc:
            blocklist.contact_block_add(actor=admin_user, kind="phone", value="0812 9988 7766")
        assert exc.value.message_dict == {"value": ["Kontak ini sudah ada di daftar blokir."]}

    def test_emails_in_lower_case(self, admin_user):
        block, _hidden = blocklist.contact_block_add(actor=admin_user, kind="email", value="  Spam@Contoh.TEST ")
        assert block.value == "spam@contoh.test"

    @pytest.mark.parametrize(("kind", "value"), [("email", "bukan-email"), ("phone", "12"), ("phone", "<script>")])
    def test_nonsense_is_refused(self, admin_user, kind, value):
        with pytest.raises(ValidationError):
            blocklist.contact_block_add(actor=admin_user, kind=kind, value=value)
        assert not ContactBlock.objects.exists()

    def test_blocking_hides_the_contacts_open_complaints_and_unblocking_shows_them(self, org, admin_user):
        by_phone = new_complaint(org.unit_a, **CONTACT)  # phone typed "0812 9988 7766"
        other = new_complaint(org.unit_a, reporter_email="lain@contoh.test", contact_consent=True)
        block, hidden = blocklist.contact_block_add(actor=admin_user, kind="phone", value="6281299887766")
        assert hidden == 1
        assert set(Complaint.objects.filter(is_blocked=True).values_list("pk", flat=True)) == {by_phone.pk}
        # new submissions from it are blocked by intake
        assert new_complaint(org.unit_a, reporter_phone="+62 812 9988 7766", contact_consent=True).is_blocked
        assert blocklist.contact_block_remove(actor=admin_user, block=block) == 2
        assert not Complaint.objects.filter(is_blocked=True).exists() and not other.is_blocked

    def test_a_complaint_still_blocked_by_its_email_stays_hidden(self, org, admin_user):
        complaint = new_complaint(org.unit_a, **CONTACT)
        by_phone, _ = blocklist.contact_block_add(actor=admin_user, kind="phone", value=CONTACT["reporter_phone"])
        blocklist.contact_block_add(actor=admin_user, kind="email", value=CONTACT["reporter_email"])
        assert blocklist.contact_block_remove(actor=admin_user, block=by_phone) == 0
        complaint.refresh_from_db()
        assert complaint.is_blocked

    def test_only_admins(self, org, leader_user):
        for user in (leader_user, org.supervisor.user):
            with pytest.raises(PermissionDenied):
                blocklist.contact_block_add(actor=user, kind="email", value="a@contoh.test")

    def test_the_page_adds_lists_and_removes(self, admin_user):
        client = client_for(admin_user)
        response = client.post(BLOCKLIST, {"kind": "email", "value": "Penipu@Contoh.test", "reason": "iklan judi"})
        assert response.status_code == 302
        page = client.get(BLOCKLIST)
        assert "penipu@contoh.test" in page.content.decode()
        block = ContactBlock.objects.get()
        assert client.get(reverse("kelola_pengaduan:block-delete", args=[block.pk])).status_code == 405
        assert client.post(reverse("kelola_pengaduan:block-delete", args=[block.pk])).status_code == 302
        assert not ContactBlock.objects.exists()

    def test_a_failed_form_keeps_its_input(self, admin_user):
        response = client_for(admin_user).post(BLOCKLIST, {"kind": "email", "value": "bukan email"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Tulis alamat email yang lengkap" in html and 'value="bukan email"' in html

    def test_others_get_403(self, org, leader_user):
        for user in (leader_user, org.supervisor.user, org.asn.user):
            assert client_for(user).get(BLOCKLIST).status_code == 403
            assert client_for(user).post(BLOCKLIST, {"kind": "email", "value": "x@contoh.test"}).status_code == 403

    def test_the_admin_site_goes_through_the_service(self, org, admin_user):
        complaint = new_complaint(org.unit_a, **CONTACT)
        response = client_for(admin_user).post(
            reverse("admin:public_feedback_contactblock_add"), {"kind": "email", "value": "SITI.PELAPOR@contoh.test"}
        )
        assert response.status_code == 302
        assert ContactBlock.objects.get().value == "siti.pelapor@contoh.test"
        complaint.refresh_from_db()
        assert complaint.is_blocked


class TestHandlers:
    def test_the_head_designates_and_removes(self, org):
        client = client_for(org.supervisor.user)
        page = client.get(HANDLERS)
        assert page.status_code == 200 and org.unit_a.name in page.content.decode()
        response = client.post(reverse("kelola_pengaduan:handler-add"), {"unit": org.unit_a.pk, "nip": org.asn.nip})
        assert response.status_code == 302
        handler = UnitHandler.objects.get()
        assert (handler.unit, handler.employee, handler.designated_by) == (org.unit_a, org.asn, org.supervisor.user)
        assert org.asn.user in handler_users(org.unit_a)
        assert client.post(reverse("kelola_pengaduan:handler-remove", args=[handler.pk])).status_code == 302
        assert not UnitHandler.objects.exists()

    def test_only_people_of_the_unit_or_below(self, org):
        seksi = OrgUnitFactory(name="Seksi Loket", parent=org.unit_a)
        below = EmployeeFactory(unit=seksi)
        unit_handler_add(actor=org.supervisor.user, unit=org.unit_a, employee=below)
        response = client_for(org.supervisor.user).post(
            reverse("kelola_pengaduan:handler-add"), {"unit": org.unit_a.pk, "nip": org.outsider.nip}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Petugas harus pegawai Bidang Uji A atau unit di bawahnya." in html and org.outsider.nip in html

    def test_twice_and_the_head_themself_are_explained(self, org):
        unit_handler_add(actor=org.supervisor.user, unit=org.unit_a, employee=org.asn)
        with pytest.raises(ValidationError) as exc:
            unit_handler_add(actor=org.supervisor.user, unit=org.unit_a, employee=org.asn)
        assert "sudah menjadi petugas" in exc.value.messages[0]
        with pytest.raises(ValidationError) as exc:
            unit_handler_add(actor=org.supervisor.user, unit=org.unit_a, employee=org.supervisor)
        assert "Kepala unit selalu dapat menangani pengaduan" in exc.value.messages[0]

    def test_a_bad_nip_keeps_the_input(self, org):
        response = client_for(org.supervisor.user).post(
            reverse("kelola_pengaduan:handler-add"), {"unit": org.unit_a.pk, "nip": "1234"}
        )
        assert response.status_code == 400 and "NIP terdiri atas 18 angka." in response.content.decode()

    def test_another_units_head_may_not(self, org):
        client = client_for(org.supervisor_b.user)
        response = client.post(reverse("kelola_pengaduan:handler-add"), {"unit": org.unit_a.pk, "nip": org.asn.nip})
        assert response.status_code == 403
        handler = unit_handler_add(actor=org.supervisor.user, unit=org.unit_a, employee=org.asn)
        assert client.post(reverse("kelola_pengaduan:handler-remove", args=[handler.pk])).status_code == 404
        assert UnitHandler.objects.filter(pk=handler.pk).exists()

    def test_admins_pick_any_unit(self, org, admin_user):
        client = client_for(admin_user)
        page = client.get(HANDLERS, {"unit": org.unit_b.name})
        assert [section["unit"] for section in page.context["sections"]] == [org.unit_b]
        response = client.post(
            reverse("kelola_pengaduan:handler-add"), {"unit": org.unit_b.pk, "nip": org.outsider.nip}
        )
        assert response.status_code == 302 and response["Location"].endswith(f"?unit={org.unit_b.pk}")

    def test_an_asn_and_a_leader_get_403(self, org, leader_user):
        for user in (org.asn.user, leader_user):
            assert client_for(user).get(HANDLERS).status_code == 403

    def test_a_unit_head_finds_the_queue_in_the_menu(self, org):
        queue = reverse("kelola_pengaduan:complaint-list")
        assert queue in client_for(org.supervisor.user).get(reverse("dashboards:home")).content.decode()
        assert queue not in client_for(org.asn.user).get(reverse("dashboards:home")).content.decode()


@pytest.mark.parametrize("model", ["feedbacksettings", "publicservice", "contactblock", "unithandler"])
def test_the_admin_pages_open(admin_user, model):
    client = client_for(admin_user)
    assert client.get(reverse(f"admin:public_feedback_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:public_feedback_{model}_add")).status_code in {200, 403}
