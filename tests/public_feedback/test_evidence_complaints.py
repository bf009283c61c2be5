"""Substantiated complaints reach the employee's evaluation (EVIDENCE_SOURCES["complaints"]):
counted within the period, only those linked and decided, never naming the reporter."""

import datetime
from types import SimpleNamespace

import pytest

from apps.evaluations.models import EvaluationPeriod
from apps.evaluations.selectors import EVIDENCE_SOURCES, evidence_for
from apps.public_feedback.models import Complaint, ComplaintStatus
from apps.public_feedback.services import handling

from . import rows
from .backoffice import CONTACT, new_complaint, routed, travel

D = datetime.date


@pytest.fixture
def quarter(db):
    return EvaluationPeriod.objects.create(
        year=2026, number=4, count=4, starts_on=D(2026, 10, 1), ends_on=D(2026, 12, 31)
    )


def linked(org, admin_user, *, on, substantiated, employee=None, **fields):
    with travel(on):
        complaint = routed(admin_user, new_complaint(org.unit_a, **CONTACT, **fields), org.unit_a)
        handling.complaint_link_employee(
            actor=org.supervisor.user, complaint=complaint, employee=employee or org.asn, substantiated=substantiated
        )
    complaint.refresh_from_db()
    return complaint


def test_two_substantiated_out_of_three_in_the_period(org, admin_user, quarter):
    first = linked(org, admin_user, on=D(2026, 10, 1), substantiated=True)
    second = linked(org, admin_user, on=D(2026, 12, 31), substantiated=True)
    linked(org, admin_user, on=D(2026, 11, 10), substantiated=False)
    linked(org, admin_user, on=D(2026, 9, 30), substantiated=True)  # the quarter before
    linked(org, admin_user, on=D(2027, 1, 1), substantiated=True)  # the next one
    linked(org, admin_user, on=D(2026, 11, 11), substantiated=True, employee=org.asn_peer)  # someone else
    found = EVIDENCE_SOURCES["complaints"](org.asn, quarter)
    assert found["value"] == "2 terbukti dari 3"
    assert set(found["detail"].split(", ")) == {first.reference, second.reference}
    for value in (CONTACT["reporter_name"], CONTACT["reporter_email"], CONTACT["reporter_phone"]):
        assert value not in str(found)


def test_undecided_and_hidden_complaints_do_not_count(org, quarter):
    rows.complaint(employee=org.asn, substantiated=None, submitted_at=rows.at(D(2026, 11, 2)))
    rows.complaint(
        employee=org.asn, substantiated=True, status=ComplaintStatus.SPAM, submitted_at=rows.at(D(2026, 11, 2))
    )
    rows.complaint(employee=org.asn, substantiated=True, is_blocked=True, submitted_at=rows.at(D(2026, 11, 2)))
    found = EVIDENCE_SOURCES["complaints"](org.asn, quarter)
    assert found["value"] == "0 terbukti"


def test_the_evaluation_page_lists_it(org, admin_user, quarter):
    linked(org, admin_user, on=D(2026, 11, 2), substantiated=True)
    evidence = {row["key"]: row for row in evidence_for(SimpleNamespace(employee=org.asn, period=quarter))}
    assert evidence["complaints"]["value"] == "1 terbukti dari 1"


def test_one_query_whatever_the_number(org, quarter, django_assert_num_queries):
    for day in range(1, 20):
        rows.complaint(employee=org.asn, substantiated=day % 2 == 0, submitted_at=rows.at(D(2026, 11, day)))
    with django_assert_num_queries(1):
        found = EVIDENCE_SOURCES["complaints"](org.asn, quarter)
    assert found["value"] == "9 terbukti dari 19" and found["detail"].endswith("…")
    assert Complaint.objects.filter(employee=org.asn).count() == 19
