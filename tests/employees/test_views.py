import pytest

from apps.employees.models import ActingAssignment, Employee
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory


@pytest.mark.django_db
class TestEmployeeList:
    def test_admin_sees_everyone_and_can_search_by_name_or_nip(self, org, admin_user):
        client = client_for(admin_user)
        page = client.get("/pegawai/")
        assert page.status_code == 200 and page.context["page"].paginator.count == 5
        by_nip = client.get("/pegawai/", {"q": org.asn.nip[:12]}).context["page"]
        assert org.asn in list(by_nip)
        by_name = client.get("/pegawai/", {"q": org.outsider.name.split()[0]}).context["page"]
        assert org.outsider in list(by_name)

    def test_unit_filter_includes_the_units_below(self, org, admin_user):
        child = OrgUnitFactory(name="Seksi di bawah A", parent=org.unit_a)
        deep = EmployeeFactory(unit=child, supervisor=org.supervisor)
        rows = list(client_for(admin_user).get("/pegawai/", {"unit": org.unit_a.pk}).context["page"])
        assert deep in rows and org.outsider not in rows

    def test_inactive_are_hidden_unless_asked(self, org, admin_user):
        Employee.objects.filter(pk=org.asn_peer.pk).update(is_active=False)
        client = client_for(admin_user)
        assert org.asn_peer not in list(client.get("/pegawai/").context["page"])
        assert org.asn_peer in list(client.get("/pegawai/", {"status": "semua"}).context["page"])

    def test_supervisor_sees_only_their_team(self, org):
        rows = set(client_for(org.supervisor.user).get("/pegawai/").context["page"])
        assert rows == {org.supervisor, org.asn, org.asn_peer}

    def test_garbage_filters_answer_a_message_not_a_500(self, org, admin_user):
        response = client_for(admin_user).get("/pegawai/", {"unit": "abc", "golongan": "Z/z", "page": "-7"})
        assert response.status_code == 200
        assert "Pilih" in response.content.decode()

    @pytest.mark.parametrize("extra", [0, 30])
    def test_query_count_does_not_grow_with_rows(self, org, admin_user, extra, django_assert_max_num_queries):
        for _ in range(extra):
            EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor)
        client = client_for(admin_user)
        with django_assert_max_num_queries(12):
            assert client.get("/pegawai/").status_code == 200

    def test_export_xlsx_and_csv_follow_the_filters(self, org, admin_user):
        client = client_for(admin_user)
        xlsx = client.get("/pegawai/ekspor/", {"unit": org.unit_b.pk})
        assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')
        csv = client.get("/pegawai/ekspor/", {"unit": org.unit_b.pk, "format": "csv"}).content.decode("utf-8-sig")
        assert org.outsider.nip in csv and org.asn.nip not in csv


@pytest.mark.django_db
class TestEmployeeDetail:
    def test_supervisor_sees_a_subordinate_with_the_reporting_line(self, org):
        response = client_for(org.supervisor.user).get(f"/pegawai/{org.asn.nip}/")
        assert response.status_code == 200
        assert response.context["chain"] == [org.supervisor]

    def test_other_units_employee_is_404(self, org):
        assert client_for(org.supervisor.user).get(f"/pegawai/{org.outsider.nip}/").status_code == 404

    def test_asn_sees_only_themself(self, org):
        client = client_for(org.asn.user)
        assert client.get(f"/pegawai/{org.asn.nip}/").status_code == 200
        assert client.get(f"/pegawai/{org.asn_peer.nip}/").status_code == 404


@pytest.mark.django_db
class TestEmployeeForms:
    def form_data(self, org, **extra):
        return {
            "nip": "199003152015031002", "name": "Budi Santoso", "employment_type": "pns", "golongan": "III/b",
            "jabatan": "Pengolah Data", "jabatan_kind": "pelaksana", "unit": org.unit_a.pk,
            "supervisor_nip": org.supervisor.nip, **extra,
        }  # fmt: skip

    def test_create_then_detail(self, org, admin_user):
        response = client_for(admin_user).post("/pegawai/baru/", self.form_data(org))
        assert response.status_code == 302
        assert Employee.objects.get(nip="199003152015031002").supervisor == org.supervisor

    def test_bad_nip_keeps_what_was_typed(self, org, admin_user):
        response = client_for(admin_user).post("/pegawai/baru/", self.form_data(org, nip="199003152015033002"))
        body = response.content.decode()
        assert response.status_code == 400
        assert "jenis kelamin" in body and 'value="Budi Santoso"' in body and 'value="199003152015033002"' in body

    def test_unknown_supervisor_nip(self, org, admin_user):
        response = client_for(admin_user).post("/pegawai/baru/", self.form_data(org, supervisor_nip="1" * 18))
        assert response.status_code == 400 and "Tidak ada pegawai aktif" in response.content.decode()

    def test_cycle_is_refused_on_the_form(self, org, admin_user):
        data = self.form_data(org, nip=org.supervisor.nip, supervisor_nip=org.asn.nip, golongan="III/c")
        response = client_for(admin_user).post(f"/pegawai/{org.supervisor.nip}/ubah/", data)
        assert response.status_code == 400 and "lingkaran" in response.content.decode()

    def test_over_long_input_is_a_message(self, org, admin_user):
        response = client_for(admin_user).post("/pegawai/baru/", self.form_data(org, name="x" * 5000))
        assert response.status_code == 400 and "karakter" in response.content.decode()

    def test_deactivate_and_invite_are_post_only(self, org, admin_user):
        client = client_for(admin_user)
        assert client.get(f"/pegawai/{org.asn.nip}/nonaktifkan/").status_code == 405
        assert client.post(f"/pegawai/{org.asn.nip}/nonaktifkan/").status_code == 302
        org.asn.refresh_from_db()
        assert not org.asn.is_active

    def test_asn_cannot_create(self, org):
        assert client_for(org.asn.user).post("/pegawai/baru/", self.form_data(org)).status_code == 403


@pytest.mark.django_db
class TestOrgChartAndActing:
    def test_chart_shows_heads_and_counts_in_constant_queries(self, org, admin_user, django_assert_max_num_queries):
        for i in range(20):
            OrgUnitFactory(name=f"Seksi {i}", parent=org.unit_a)
        client = client_for(admin_user)
        with django_assert_max_num_queries(10):
            response = client.get("/organisasi/")
        body = response.content.decode()
        assert org.supervisor.full_name in body and "Seksi 19" in body

    def test_acting_form_assigns_and_refuses_reversed_dates(self, org, admin_user):
        client = client_for(admin_user)
        data = {"employee_nip": org.outsider.nip, "unit": org.unit_a.pk, "kind": "plt",
                "starts_on": "2026-12-10", "ends_on": "2026-12-01"}  # fmt: skip
        response = client.post("/plt/", data)
        assert response.status_code == 400 and 'value="2026-12-10"' in response.content.decode()
        data["ends_on"] = "2026-12-31"
        assert client.post("/plt/", data).status_code == 302
        assignment = ActingAssignment.objects.get()
        assert client.post(f"/plt/{assignment.pk}/hapus/").status_code == 302
        assert not ActingAssignment.objects.exists()


@pytest.mark.django_db
class TestApi:
    def test_employee_list_is_scoped(self, org):
        response = client_for(org.supervisor.user).get("/api/v1/employees/")
        nips = {row["nip"] for row in response.json()["results"]}
        assert nips == {org.supervisor.nip, org.asn.nip, org.asn_peer.nip}

    def test_employee_detail_out_of_scope_is_404(self, org):
        client = client_for(org.asn.user)
        assert client.get(f"/api/v1/employees/{org.asn.nip}/").json()["nip"] == org.asn.nip
        assert client.get(f"/api/v1/employees/{org.asn_peer.nip}/").status_code == 404

    def test_org_units(self, org):
        names = {row["name"] for row in client_for(org.asn.user).get("/api/v1/org-units/").json()["results"]}
        assert {"Bidang Uji A", "Bidang Uji B"} <= names
