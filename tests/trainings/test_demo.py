"""The demo trainings: the catalogue, consistent seat counts, one JP entry per completion, a
realistic city coverage, a full session with a waiting list, and the demo ASN below 20 JP with
sessions open to them."""

import datetime
from collections import Counter

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command

from apps.core.demo import DEMO_ACCOUNTS
from apps.employees.models import Employee
from apps.trainings.coverage import city_coverage
from apps.trainings.models import (
    Enrollment,
    ExternalLearning,
    JpEntry,
    MentoringSession,
    SessionFeedback,
    TrainingProgram,
    TrainingSession,
)
from apps.trainings.recommendations import recommendations_for
from apps.trainings.services.ledger import summary

pytestmark = pytest.mark.django_db

SEAT_HOLDERS = ("registered", "completed", "not_completed")


def test_the_demo_builds_a_year_of_training():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
        call_command("seed_demo", employees=120, months=1, verbosity=0)
        today = datetime.date(2026, 12, 1)
        assert TrainingProgram.objects.count() == 27
        assert TrainingProgram.objects.filter(competencies__name="Manajemen Waktu").exists()

        held = Counter(Enrollment.objects.filter(status__in=SEAT_HOLDERS).values_list("session_id", flat=True))
        registered = Counter(Enrollment.objects.filter(status="registered").values_list("session_id", flat=True))
        waiting = Counter(Enrollment.objects.filter(status="waitlisted").values_list("session_id", flat=True))
        sessions = list(TrainingSession.objects.all())
        assert sessions
        for session in sessions:
            assert session.seats_taken == held[session.pk] <= session.capacity
            if session.status == "scheduled":  # open sessions: the seats are the registered people
                assert session.seats_taken == registered[session.pk]
                assert session.starts_on > today and session.registration_deadline >= today
            else:
                assert session.ends_on < today and registered[session.pk] == 0
        assert any(s.seats_taken == s.capacity and waiting[s.pk] for s in sessions if s.status == "scheduled")

        completed = list(Enrollment.objects.filter(status="completed").values_list("pk", flat=True))
        keys = Counter(JpEntry.objects.filter(source="session").values_list("source_key", flat=True))
        assert completed and keys == Counter(f"enrollment:{pk}" for pk in completed)
        assert Enrollment.objects.filter(status="not_completed").exists()
        assert SessionFeedback.objects.exists()
        assert MentoringSession.objects.filter(approved_at__isnull=False).exists()
        assert JpEntry.objects.filter(source="mentoring").exists()
        statuses = Counter(ExternalLearning.objects.values_list("status", flat=True))
        assert statuses["verified"] and statuses["submitted"] and statuses["rejected"] == 1
        certificate = ExternalLearning.objects.first().certificate
        assert default_storage.open(certificate.name).read().startswith(b"%PDF-1.4")

        city = city_coverage(year=2026)["city"]
        assert 30 <= city.share <= 95

        asn = Employee.objects.get(nip=DEMO_ACCOUNTS["asn"])
        assert summary(asn, 2026).total < 20
        found = recommendations_for(asn, today=today)
        assert any(gap.kind == "jp" for gap in found.gaps)
        assert any(option.nominable for item in found.items for option in item.sessions)
