"""The supervisor's home: reviews waiting (and overdue), this month's filing and who has gaps, team SKP,
evaluations still to do, JP coverage, complaints about the team, nominations, and the supervisor's
own part below; who lands on it; a fixed query count whatever the team size."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.daily_reports.selectors import review_queue
from apps.dashboards.selectors import team_snapshot
from apps.employees.models import EmploymentType
from tests.conftest import client_for
from tests.factories import EmployeeFactory

from . import home_data as data

pytestmark = pytest.mark.django_db
HOME = reverse("dashboards:home")
REFRESH = HOME + "?segarkan=1"  # computes the kept team snapshot afresh


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(data.NOW, tick=False):
        yield


def home(user):
    response = client_for(user).get(HOME)
    assert response.status_code == 200
    return response


def test_the_supervisor_lands_on_the_team_home_with_their_own_part(org):
    response = home(org.supervisor.user)
    assert "dashboards/supervisor_home.html" in [template.name for template in response.templates]
    assert {p.pk for p in response.context["team"]} == {org.asn.pk, org.asn_peer.pk}
    page = response.content.decode()
    assert "Tim saya (2 orang)" in page and "Kinerja saya" in page
    assert "Isi laporan hari ini" in page and "Anda belum punya SKP tahun ini." in page  # the own part
    assert response.context["today_status"].key == "missing"


class TestReviews:
    def test_waiting_and_overdue_with_a_link_to_the_queue(self, org):
        days = data.working_days_before_today()
        data.reports(org.asn, days[-2:], status="submitted")  # sent yesterday: not overdue
        data.submitted_long_ago(org.asn_peer, days[0])  # ten days waiting: overdue (3 working days)
        data.reports(org.outsider, days[-2:], status="submitted")  # another supervisor's team
        response = home(org.supervisor.user)
        reviews = response.context["reviews"]
        assert (reviews["waiting"], reviews["overdue"]) == (3, 1)
        assert reviews["oldest"][0].employee == org.asn_peer
        queue = review_queue(org.supervisor.user)  # the queue page counts the same, row by row
        assert (reviews["waiting"], reviews["overdue"]) == (len(queue["reports"]), queue["overdue"])
        assert [r.pk for r in reviews["oldest"]] == [r.pk for r in queue["reports"]]
        page = response.content.decode()
        assert reverse("daily_reports:review-queue") in page and "1 terlambat" in page

    def test_nothing_waiting(self, org):
        assert "Tidak ada laporan yang menunggu." in home(org.supervisor.user).content.decode()


class TestFiling:
    def test_who_has_gaps_most_first(self, org):
        days = data.working_days_before_today()  # 12 working days before Wed 18 Nov
        data.reports(org.asn, [*days, data.TODAY])  # complete
        data.reports(org.asn_peer, days[:5])  # misses the rest
        filing = home(org.supervisor.user).context["filing"]
        assert filing["due"] == len(days) + 1
        assert [item["employee"] for item in filing["gaps"]] == [org.asn_peer]
        gap = filing["gaps"][0]
        # the filing window (3 working days back and today) is still "belum diisi"; before it, missed
        assert (gap["missed"], gap["missing"]) == (len(days) - 5 - 3, 4)
        total = 2 * filing["due"]
        assert float(filing["rate"]) == round(100 * (filing["due"] + 5) / total, 1)
        assert {row[0] for row in filing["chart"]["table"].rows} == {org.asn.full_name, org.asn_peer.full_name}

    def test_the_gaps_appear_on_the_page(self, org):
        data.reports(org.asn, data.working_days_before_today()[:2])
        page = home(org.supervisor.user).content.decode()
        assert "Yang belum lengkap" in page and "hari terlewat" in page
        assert reverse("daily_reports:calendar-team") in page

    def test_a_big_team_names_the_first_few_and_counts_the_rest(self, org):
        for _ in range(6):
            EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor)  # no reports: gaps, all of them
        response = home(org.supervisor.user)
        filing = response.context["filing"]
        assert len(filing["gaps"]) == 8 and len(filing["gaps_shown"]) == 5 and filing["gaps_more"] == 3
        assert "dan 3 orang lainnya" in response.content.decode()


class TestSkpAndEvaluations:
    def test_team_skp_progress_and_waiting(self, org):
        data.approved_skp(org.asn, org.supervisor.user)
        from apps.indicators.services import skp as skp_services
        from tests.indicators.conftest import build_skp

        skp_services.skp_submit(actor=org.asn_peer.user, skp=build_skp(org.asn_peer))
        response = home(org.supervisor.user)
        team_skp = response.context["team_skp"]
        assert team_skp["waiting"] == 1 and team_skp["without"] == []
        rows = {row[0]: row for row in team_skp["chart"]["table"].rows}
        assert rows[org.asn.full_name][1] == "Disetujui" and rows[org.asn_peer.full_name][1] == "Diajukan"
        assert "1 SKP bawahan menunggu persetujuan Anda." in response.content.decode()

    def test_the_supervisors_own_skp_is_in_their_own_part_not_the_teams(self, org):
        from tests.indicators.conftest import build_skp

        mine = build_skp(org.supervisor)  # a draft: the head of the unit has no pejabat penilai here
        response = home(org.supervisor.user)
        assert response.context["skp"] == mine and response.context["skp_result"] is None
        names = [row[0] for row in response.context["team_skp"]["chart"]["table"].rows]
        assert org.supervisor.full_name not in names

    def test_someone_without_an_skp(self, org):
        names = {p.pk for p in home(org.supervisor.user).context["team_skp"]["without"]}
        assert names == {org.asn.pk, org.asn_peer.pk}

    def test_evaluations_to_do_in_the_open_period(self, org, admin_user):
        period = data.october(admin_user)
        data.approved_skp(org.asn, org.supervisor.user)
        data.final_evaluation(org.asn, period)
        response = home(org.supervisor.user)
        evaluations = response.context["team_evaluations"]
        assert evaluations["period"] == period and evaluations["done"] == 1
        assert evaluations["to_do"] == [org.asn_peer]
        page = response.content.decode()
        assert "1 dari 2 sudah difinalkan" in page and f"?periode={period.pk}" in page

    def test_no_open_period(self, org):
        assert "Tidak ada periode evaluasi yang sedang dibuka." in home(org.supervisor.user).content.decode()


class TestJpComplaintsNominations:
    def test_jp_coverage(self, org):
        data.jp(org.asn, 24)
        data.jp(org.asn_peer, 4)
        pppk = EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor, employment_type=EmploymentType.PPPK)
        data.jp(pppk, 30)
        team_jp = home(org.supervisor.user).context["team_jp"]
        assert (team_jp["pns_met"], team_jp["pns_total"]) == (1, 2)
        assert [row["employee"] for row in team_jp["below"]] == [org.asn_peer]
        assert [row["employee"] for row in team_jp["over_ceiling"]] == [pppk]

    def test_complaints_about_the_team_this_year(self, org):
        data.complaint_about(org.asn, substantiated=True)
        data.complaint_about(org.asn, substantiated=False)
        data.complaint_about(org.asn_peer)
        data.complaint_about(org.asn, substantiated=True, status="spam")  # never counts
        data.complaint_about(org.asn, substantiated=True, submitted_at=data.NOW.replace(year=2025))  # last year
        data.complaint_about(org.outsider, substantiated=True)  # not the team
        response = home(org.supervisor.user)
        found = response.context["team_complaints"]
        assert (found["total"], found["substantiated"], found["undecided"]) == (3, 1, 1)
        assert found["people"][0]["employee"] == org.asn
        assert "3 pengaduan tahun 2026: 1 terbukti, 1 belum diputuskan." in response.content.decode()

    def test_nominations_ahead_and_who_could_be_nominated(self, org, admin_user):
        session = data.session(admin_user, data.program("Pelayanan Prima"))
        data.enroll(org.asn, session, source="nominated", nominated_by=org.supervisor.user)
        response = home(org.supervisor.user)
        nominations = response.context["nominations"]
        assert [e.employee for e in nominations["ahead"]] == [org.asn] and nominations["ahead_total"] == 1
        # the peer is a PNS below the JP floor and the session is open: a recommendation to nominate
        assert nominations["nominable"] == [org.asn_peer]
        page = response.content.decode()
        assert "Pelayanan Prima" in page and reverse("trainings:recommendation-team") in page


class TestAccess:
    def test_an_asn_gets_the_asn_home(self, org):
        assert home(org.asn.user).templates[0].name == "dashboards/asn_home.html"

    def test_another_teams_data_never_shows(self, org):
        data.reports(org.outsider, data.working_days_before_today(), status="submitted")
        data.complaint_about(org.outsider, substantiated=True)
        response = home(org.supervisor.user)
        assert org.outsider.full_name not in response.content.decode()
        assert response.context["reviews"]["waiting"] == 0 and response.context["team_complaints"]["total"] == 0

    def test_a_supervisor_without_an_employee_record_cannot_exist(self, org):
        """Supervisor is known from the reporting lines, so the home never meets one without a record."""
        from apps.core import access

        assert access.primary_role(org.supervisor.user) == access.SUPERVISOR


def _team(org, admin_user, *, size):
    """A team of ``size`` with a month of reports each (some waiting, some missing), SKPs, JP,
    complaints and nominations; the counts grow with ``size``."""
    members = [EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor) for _ in range(size)]
    days = data.working_days_before_today()
    period = data.october(admin_user)
    session = data.session(admin_user, data.program(f"Program tim {size}"))
    for n, person in enumerate(members):
        data.reports(person, days[: 6 + n % 4])
        data.reports(person, days[-2:], status="submitted")
        data.submitted_long_ago(person, data.TODAY)
        data.approved_skp(person, org.supervisor.user)
        data.jp(person, 5 + n)
        data.complaint_about(person, substantiated=n % 2 == 0)
        if n % 2:
            data.final_evaluation(person, period)
        data.enroll(person, session, source="nominated", nominated_by=org.supervisor.user)
    return members


class TestQueryCount:
    # The same limits for a team of 3 and one of 15: every card reads its rows in batches.
    LIMIT = 61  # computing the kept snapshot: measured 59 (7 of them the cache writes), all batched
    KEPT_LIMIT = 19  # the snapshot kept: the live parts and one cache read, measured 17

    @pytest.mark.parametrize("size", [3, 15])
    def test_fixed_whatever_the_team(self, org, admin_user, django_assert_max_num_queries, size):
        _team(org, admin_user, size=size)
        client = client_for(org.supervisor.user)
        client.get(HOME)  # the settings rows are created on the first read
        with django_assert_max_num_queries(self.LIMIT):
            assert client.get(REFRESH).status_code == 200
        with django_assert_max_num_queries(self.KEPT_LIMIT):
            assert client.get(HOME).status_code == 200

    def test_small_and_large_teams_cost_exactly_the_same(self, org, admin_user):
        counts = []
        for size, supervisor in ((3, org.supervisor), (15, org.supervisor_b)):
            org.supervisor = supervisor  # _team builds under org.supervisor
            _team(org, admin_user, size=size)
            client = client_for(supervisor.user)
            client.get(HOME)  # settings rows created on first read
            with CaptureQueriesContext(connection) as computing:
                assert client.get(REFRESH).status_code == 200
            with CaptureQueriesContext(connection) as kept:
                assert client.get(HOME).status_code == 200
            counts.append((len(computing), len(kept)))
        assert counts[0] == counts[1], counts
        assert counts[0][0] <= self.LIMIT and counts[0][1] <= self.KEPT_LIMIT, counts


def test_the_team_home_renders_on_a_weekend(org):
    with time_machine.travel(datetime.datetime(2026, 11, 22, 2, tzinfo=datetime.UTC), tick=False):
        assert home(org.supervisor.user).context["today_status"].key == "holiday"


class TestKeptSnapshot:
    """The team's figures and the supervisor's own settled cards are kept a few minutes (with
    their time on the page); what the supervisor acts on now is read on every request."""

    def test_kept_until_refreshed_and_the_page_says_since_when(self, org, admin_user):
        client = client_for(org.supervisor.user)
        first = client.get(HOME).content.decode()
        assert "Ringkasan tim per pukul 09:00" in first  # data.NOW, 02:00 UTC = 09:00 WIB
        assert "Belum punya SKP tahun ini:" in first
        data.approved_skp(org.asn, org.supervisor.user)
        data.approved_skp(org.asn_peer, org.supervisor.user)
        assert "Belum punya SKP tahun ini:" in client.get(HOME).content.decode()  # kept
        assert "Belum punya SKP tahun ini:" not in client.get(REFRESH).content.decode()

    def test_kept_for_a_few_minutes_only(self, org):
        client = client_for(org.supervisor.user)
        client.get(HOME)
        data.approved_skp(org.asn, org.supervisor.user)
        data.approved_skp(org.asn_peer, org.supervisor.user)
        later = data.NOW + datetime.timedelta(seconds=team_snapshot.SNAPSHOT_SECONDS + 1)
        with time_machine.travel(later, tick=False):
            page = client.get(HOME).content.decode()
        assert "Belum punya SKP tahun ini:" not in page and "Ringkasan tim per pukul 09:05" in page

    def test_reviews_today_and_notices_are_live(self, org):
        client = client_for(org.supervisor.user)
        assert client.get(HOME).context["reviews"]["waiting"] == 0
        data.reports(org.asn, data.working_days_before_today()[-1:], status="submitted")
        data.reports(org.supervisor, [data.TODAY], status="draft")
        response = client.get(HOME)
        assert response.context["reviews"]["waiting"] == 1
        assert response.context["today_status"].key == "draft"

    def test_one_snapshot_per_language(self, org):
        client = client_for(org.supervisor.user)
        assert "Belum punya SKP tahun ini:" in client.get(HOME).content.decode()
        client.post("/i18n/setlang/", {"language": "en", "next": HOME})
        page = client.get(HOME).content.decode()
        assert "No SKP this year yet:" in page and "Belum punya SKP tahun ini:" not in page

    def test_a_supervisor_never_reads_another_ones_snapshot(self, org):
        data.reports(org.outsider, data.working_days_before_today()[-1:], status="submitted")
        client_for(org.supervisor_b.user).get(HOME)  # kept for supervisor B
        response = home(org.supervisor.user)
        assert {p.pk for p in response.context["team"]} == {org.asn.pk, org.asn_peer.pk}
        assert org.outsider.full_name not in response.content.decode()
