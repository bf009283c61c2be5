"""The ASN's home: today's report and its one-tap button, the month strip, SKP per IKI, JP, trainings,
the latest evaluation, recommendations and unread notices; who lands on it; a fixed query count."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.core.models import Holiday
from apps.employees.models import EmploymentType
from tests.conftest import client_for
from tests.factories import EmployeeFactory

from . import home_data as data

pytestmark = pytest.mark.django_db
HOME = reverse("dashboards:home")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(data.NOW, tick=False):
        yield


def home(user, **params):
    response = client_for(user).get(HOME, params)
    assert response.status_code == 200
    return response


class TestToday:
    def test_nothing_filed_yet_offers_the_one_tap_button(self, org):
        response = home(org.asn.user)
        assert response.templates[0].name == "dashboards/asn_home.html"
        assert response.context["today_status"].key == "missing"
        page = response.content.decode()
        assert "Belum diisi" in page and "Isi laporan hari ini" in page
        assert reverse("daily_reports:report-today") in page

    @pytest.mark.parametrize(
        ("status", "word"),
        [("draft", "Draf"), ("submitted", "Diajukan"), ("approved", "Disetujui"), ("returned", "Dikembalikan")],
    )
    def test_each_status_of_todays_report(self, org, status, word):
        data.reports(
            org.asn, [data.TODAY], status=status, return_note="Lengkapi bukti rapat" if status == "returned" else ""
        )
        response = home(org.asn.user)
        assert response.context["today_status"].key == status
        page = response.content.decode()
        assert word in page
        assert ("Lengkapi bukti rapat" in page) == (status == "returned")

    def test_a_holiday_says_so(self, org):
        Holiday.objects.create(date=data.TODAY, name="Cuti bersama uji", kind="cuti_bersama")
        response = home(org.asn.user)
        assert response.context["today_status"].key == "holiday"
        assert "Hari libur" in response.content.decode() and "Cuti bersama uji" in response.content.decode()

    def test_a_weekend_is_a_day_off_too(self, org):
        with time_machine.travel(datetime.datetime(2026, 11, 21, 2, tzinfo=datetime.UTC), tick=False):
            response = home(org.asn.user)
        assert response.context["today_status"].key == "holiday"
        assert "Akhir pekan" in response.content.decode()


class TestMonthStrip:
    def test_every_day_of_the_month_with_words_and_links(self, org):
        days = data.working_days_before_today()
        data.reports(org.asn, days[:3])
        response = home(org.asn.user)
        strip = response.context["strip"]
        assert [day.date.day for day in strip] == list(range(1, 31))
        first = strip[days[0].day - 1]
        assert first.css == "cal-approved" and "Disetujui" in first.aria
        page = response.content.decode()
        assert reverse("daily_reports:report-day", args=[days[0].isoformat()]) in page
        assert 'aria-label="Senin, 2 November: Disetujui"' in page
        missed = strip[days[5].day - 1]
        assert missed.css == "cal-missed" and "Terlewat" in missed.aria
        assert response.context["strip_counts"]["approved"] == 3


class TestSkp:
    def test_without_an_skp_offers_to_write_one(self, org):
        page = home(org.asn.user).content.decode()
        assert "Anda belum punya SKP tahun ini." in page and reverse("indicators:skp-create") in page

    def test_progress_per_iki_as_a_chart_with_its_table(self, org):
        data.approved_skp(org.asn, org.supervisor.user)
        response = home(org.asn.user)
        chart = response.context["skp_chart"]
        assert chart["table"].rows[0][1] == "Surat diproses"
        page = response.content.decode()
        assert "<svg" in page and "Tampilkan tabel data" in page and "Surat diproses" in page


class TestJp:
    def test_pns_against_the_floor(self, org):
        data.jp(org.asn, 8)
        response = home(org.asn.user)
        assert response.context["jp"].total == 8 and response.context["jp"].target == 20
        assert "dari target 20 JP" in response.content.decode()

    def test_pppk_against_the_ceiling(self, org):
        pppk = EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor, employment_type=EmploymentType.PPPK)
        data.jp(pppk, 10)
        page = home(pppk.user).content.decode()
        assert "dari batas 24 JP" in page


class TestTrainingsEvaluationRecommendations:
    def test_upcoming_and_open_sessions(self, org, admin_user):
        mine = data.session(admin_user, data.program("Literasi Digital ASN"))
        other = data.session(admin_user, data.program("Pelayanan Prima"))
        data.enroll(org.asn, mine)
        response = home(org.asn.user)
        assert [e.session for e in response.context["trainings"]["mine"]] == [mine]
        assert response.context["trainings"]["open"] == [other]
        page = response.content.decode()
        assert "Literasi Digital ASN" in page and "Pelayanan Prima" in page

    def test_latest_evaluation_and_predicate(self, org, admin_user):
        data.approved_skp(org.asn, org.supervisor.user)
        evaluation = data.final_evaluation(org.asn, data.october(admin_user), predicate="sangat_baik")
        response = home(org.asn.user)
        assert response.context["latest_evaluation"] == evaluation
        page = response.content.decode()
        assert "Sangat Baik" in page and reverse("evaluations:evaluation-detail", args=[evaluation.pk]) in page

    def test_a_draft_evaluation_is_not_shown(self, org, admin_user):
        data.approved_skp(org.asn, org.supervisor.user)
        data.final_evaluation(org.asn, data.october(admin_user), status="draft")
        assert home(org.asn.user).context["latest_evaluation"] is None

    def test_recommendations_with_their_reasons(self, org, admin_user):
        """A PNS below the JP floor is recommended programs with JP and an open session."""
        data.session(admin_user, data.program("Pelayanan Prima"))
        response = home(org.asn.user)
        assert [item.program.name for item in response.context["recommendations"]] == ["Pelayanan Prima"]
        assert "karena JP 2026 baru 0 dari kewajiban 20 JP" in response.content.decode()


class TestNotices:
    def test_unread_notices_newest_first(self, org):
        data.notice(org.asn.user, "Sudah dibaca", read=True)
        data.notice(org.asn.user, "Laporan 16 November dikembalikan")
        response = home(org.asn.user)
        assert [n.title for n in response.context["notices"]] == ["Laporan 16 November dikembalikan"]
        assert "Sudah dibaca" not in response.content.decode()

    def test_someone_elses_notices_never_show(self, org):
        data.notice(org.asn_peer.user, "Milik rekan")
        assert "Milik rekan" not in home(org.asn.user).content.decode()


class TestAccess:
    def test_anonymous_goes_to_the_login(self, db):
        response = client_for(None).get(HOME)
        assert response.status_code == 302 and "login" in response["Location"]

    def test_an_asn_sees_only_their_own_part(self, org):
        data.reports(org.asn_peer, data.working_days_before_today(), status="submitted")
        response = home(org.asn.user)
        assert "reviews" not in response.context and "team" not in response.context
        assert org.asn_peer.full_name not in response.content.decode()

    def test_admin_and_leader_land_on_the_city_home(self, admin_user, leader_user):
        for user in (admin_user, leader_user):
            # the page (its cached charts fragment may be rendered first, inside the view)
            assert "dashboards/city_home.html" in [t.name for t in home(user).templates]

    def test_junk_in_the_query_string_is_ignored(self, org):
        assert home(org.asn.user, bulan="9999-99", x="<script>").context["strip_month"] == data.TODAY.replace(day=1)


def _fill(employee, supervisor_user, admin_user, *, scale):
    """``scale`` times the records of every kind the home reads."""
    days = data.working_days_before_today()
    data.reports(employee, days[: 2 * scale])
    data.reports(employee, [data.TODAY], status="returned", return_note="Perbaiki")
    data.approved_skp(employee, supervisor_user)
    for n in range(scale):
        data.jp(employee, 2)
        data.notice(employee.user, f"Notifikasi {n}")
        session = data.session(admin_user, data.program(f"Program {n}"))
        data.enroll(employee, session)


class TestQueryCount:
    # The same limit at both sizes: the page reads batches, never a row at a time.
    LIMIT = 33  # measured 31: the session, the menu, announcements and every card

    @pytest.mark.parametrize("scale", [1, 5])
    def test_fixed_whatever_the_data(self, org, admin_user, django_assert_max_num_queries, scale):
        _fill(org.asn, org.supervisor.user, admin_user, scale=scale)
        data.final_evaluation(org.asn, data.october(admin_user))
        client = client_for(org.asn.user)
        client.get(HOME)  # the settings rows are created on the first read
        with django_assert_max_num_queries(self.LIMIT):
            assert client.get(HOME).status_code == 200

    def test_small_and_large_cost_exactly_the_same(self, org, admin_user):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = []
        for employee, scale in ((org.asn, 1), (org.asn_peer, 5)):
            _fill(employee, org.supervisor.user, admin_user, scale=scale)
            client = client_for(employee.user)
            client.get(HOME)  # settings rows created on first read
            with CaptureQueriesContext(connection) as queries:
                assert client.get(HOME).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1] <= self.LIMIT, counts
