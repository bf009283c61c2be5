"""Participants' feedback on a session they completed, and the program page that aggregates it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apps.trainings.models import Enrollment, EnrollmentStatus, SessionFeedback
from apps.trainings.services.feedback import feedback_save
from tests.conftest import client_for
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
NOV_18 = datetime.datetime(2026, 11, 18, 2, tzinfo=datetime.UTC)
PROGRAM_PAGE_QUERIES = 9


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOV_18, tick=False):
        yield


@pytest.fixture
def session(make_session):
    return make_session(capacity=30)


def completed(session, employee, status=EnrollmentStatus.COMPLETED) -> Enrollment:
    return Enrollment.objects.create(session=session, employee=employee, status=status)


def form_url(enrollment):
    return f"/pelatihan/pendaftaran/{enrollment.pk}/umpan-balik/"


def answers(**overrides):
    return {
        "content": "5",
        "facilitator": "4",
        "relevance": "3",
        "comment": "Contoh kasusnya dekat dengan tugas kami.",
        **overrides,
    }


class TestFeedbackPage:
    def test_a_participant_who_completed_gives_feedback_from_the_session_page(self, org, session):
        enrollment = completed(session, org.asn)
        client = client_for(org.asn.user)
        page = client.get(f"/pelatihan/sesi/{session.pk}/").content.decode()
        assert "Beri umpan balik" in page and form_url(enrollment) in page
        assert client.get(form_url(enrollment)).status_code == 200
        response = client.post(form_url(enrollment), answers())
        assert response.status_code == 302 and response["Location"] == f"/pelatihan/sesi/{session.pk}/"
        feedback = SessionFeedback.objects.get(enrollment=enrollment)
        assert (feedback.content, feedback.facilitator, feedback.relevance) == (5, 4, 3)
        assert "Ubah umpan balik" in client.get(f"/pelatihan/sesi/{session.pk}/").content.decode()

    def test_sending_again_updates_the_one_answer(self, org, session):
        enrollment = completed(session, org.asn)
        client = client_for(org.asn.user)
        client.post(form_url(enrollment), answers())
        page = client.get(form_url(enrollment)).content.decode()
        assert "mengganti jawaban sebelumnya" in page and "Contoh kasusnya" in page  # what was given is shown
        client.post(form_url(enrollment), answers(content="2", comment=""))
        feedback = SessionFeedback.objects.get()
        assert (feedback.content, feedback.comment) == (2, "")

    def test_a_form_error_keeps_what_was_typed(self, org, session):
        enrollment = completed(session, org.asn)
        response = client_for(org.asn.user).post(
            form_url(enrollment), answers(facilitator="", relevance="9", comment="Ruangannya panas")
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "Ruangannya panas" in page and '<option value="5" selected>' in page
        assert not SessionFeedback.objects.exists()

    def test_only_the_participant_who_completed(self, org, session):
        registered = completed(session, org.asn_peer, status=EnrollmentStatus.REGISTERED)
        done = completed(session, org.asn)
        assert client_for(org.asn_peer.user).get(form_url(registered)).status_code == 403  # not completed yet
        assert client_for(org.supervisor.user).get(form_url(done)).status_code == 403  # sees it, not theirs
        assert client_for(org.outsider.user).get(form_url(done)).status_code == 404
        assert client_for(org.outsider.user).post(form_url(done), answers()).status_code == 404
        response = client_for(None).get(form_url(done))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert not SessionFeedback.objects.exists()

    def test_the_service_refuses_scores_out_of_range_and_other_people(self, org, session):
        enrollment = completed(session, org.asn)
        with pytest.raises(ValidationError) as exc:
            feedback_save(actor=org.asn.user, enrollment=enrollment, content=0, facilitator=6, relevance=3)
        assert set(exc.value.message_dict) == {"content", "facilitator"}
        with pytest.raises(PermissionDenied):
            feedback_save(actor=org.supervisor.user, enrollment=enrollment, content=3, facilitator=3, relevance=3)


class TestProgramPage:
    def test_averages_for_everyone_comments_without_names_for_bkpsdm(self, org, session, admin_user):
        feedback_save(
            actor=org.asn.user, enrollment=completed(session, org.asn), content=5, facilitator=4, relevance=4,
            comment="Fasilitatornya sabar menjawab.",
        )  # fmt: skip
        feedback_save(
            actor=org.asn_peer.user, enrollment=completed(session, org.asn_peer), content=4, facilitator=3,
            relevance=5,
        )  # fmt: skip
        url = f"/pelatihan/program/{session.program_id}/"
        page = client_for(admin_user).get(url).content.decode()
        assert "Rata-rata dari 2 peserta" in page
        assert "4,5" in page and "3,5" in page  # materi, fasilitator (relevansi is 4,5 too)
        assert "Fasilitatornya sabar menjawab." in page
        assert org.asn.full_name not in page and org.asn_peer.full_name not in page
        own = client_for(org.asn.user).get(url).content.decode()
        assert "4,5" in own and "Fasilitatornya sabar" not in own  # comments are for those who run programs

    def test_the_session_page_links_to_it(self, org, session):
        page = client_for(org.asn.user).get(f"/pelatihan/sesi/{session.pk}/").content.decode()
        assert f"/pelatihan/program/{session.program_id}/" in page

    @pytest.mark.parametrize("rows", [1, 20])
    def test_query_count_does_not_grow_with_the_answers(
        self, org, session, admin_user, rows, django_assert_max_num_queries
    ):
        for n in range(rows):
            enrollment = completed(session, EmployeeFactory(unit=org.unit_a))
            SessionFeedback.objects.create(
                enrollment=enrollment, content=4, facilitator=4, relevance=4, comment=f"k{n}"
            )
        client = client_for(admin_user)
        with django_assert_max_num_queries(PROGRAM_PAGE_QUERIES):
            assert client.get(f"/pelatihan/program/{session.program_id}/").status_code == 200
