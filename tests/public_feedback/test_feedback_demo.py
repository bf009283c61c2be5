"""The public feedback demo: services of the reference perangkat daerah, complaints in every state
with timelines that agree with their status, units in every IKM grade, past and upcoming forums,
queues for the demo accounts, nothing private in the open data, idempotent and fast."""

import json
import re
import time
from collections import Counter, defaultdict

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.core import demo as core_demo
from apps.core.demo import DEMO_ACCOUNTS
from apps.employees import demo as employees_demo
from apps.employees.models import OrgUnit
from apps.public_feedback import demo
from apps.public_feedback.models import (
    CLOSED_STATUSES,
    Complaint,
    ComplaintEntry,
    ComplaintStatus,
    ContactBlock,
    EntryKind,
    Forum,
    ForumStatus,
    PublicService,
)
from apps.public_feedback.selectors.handlers import is_handler
from apps.public_feedback.selectors.ikm import ikm_by_unit

pytestmark = pytest.mark.django_db


class _Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


@pytest.fixture
def city():
    employees_demo.build(stdout=_Out(), employees=300)
    out = _Out()
    started = time.perf_counter()
    demo.build(stdout=out)
    return time.perf_counter() - started, out


def test_the_builder_is_one_step_of_seed_demo():
    assert "apps.public_feedback.demo.build" in core_demo.BUILDERS


def test_services_complaints_in_every_state_and_fast(city):
    seconds, out = city
    assert seconds < 15, out.lines
    assert PublicService.objects.filter(code="ktp-el", unit__short_name="Disdukcapil").exists()
    assert PublicService.objects.filter(code="pbg", unit__short_name="DPMPTSP").exists()
    assert PublicService.objects.filter(code="pbb-p2", unit__short_name="Bapenda").exists()
    assert PublicService.objects.filter(code__startswith="paten-kec-").count() == 18
    assert Complaint.objects.count() >= 300
    assert set(Complaint.objects.values_list("status", flat=True)) == set(ComplaintStatus.values)
    assert set(Complaint.objects.values_list("kind", flat=True)) == {"pengaduan", "aspirasi", "informasi"}
    assert Complaint.objects.filter(is_anonymous=True).exists()
    assert Complaint.objects.filter(is_confidential=True, subject_text="").exists()
    # about a named civil servant: always rahasia; some linked, substantiated or not
    assert not Complaint.objects.exclude(subject_text="").filter(is_confidential=False).exists()
    linked = Complaint.objects.filter(employee__isnull=False)
    assert linked.filter(substantiated=True).exists() and linked.filter(substantiated=False).exists()
    assert not linked.filter(subject_text="").exists()
    blocked = Complaint.objects.filter(is_blocked=True)
    assert blocked.exists() and not blocked.exclude(status="baru").exists()
    assert set(blocked.values_list("reporter_email", flat=True)) <= set(
        ContactBlock.objects.values_list("value", flat=True)
    )


def test_timelines_agree_with_the_status(city):
    now = timezone.now()
    entries = defaultdict(list)
    for entry in ComplaintEntry.objects.order_by("at", "pk"):
        entries[entry.complaint_id].append(entry)
    hashes = Counter(Complaint.objects.values_list("code_hash", flat=True))
    assert max(hashes.values()) == 1
    for c in Complaint.objects.all():
        timeline = entries[c.pk]
        assert re.fullmatch(r"PGD-\d{4}-\d{6}", c.reference) and re.fullmatch(r"[0-9a-f]{64}", c.code_hash)
        assert timeline[0].kind == EntryKind.SUBMITTED and timeline[0].at == c.submitted_at
        assert timeline[-1].status_after == c.status, c.reference
        assert all(e.at <= now for e in timeline) and c.submitted_at <= now
        assert c.verify_due >= timezone.localdate(c.submitted_at)
        if c.status in CLOSED_STATUSES:
            assert c.closed_at is not None and c.closed_at >= c.submitted_at
        else:
            assert c.closed_at is None
        if c.status in ("diteruskan", "ditanggapi") or c.routed_at:
            assert c.handling_unit_id and c.routed_at >= c.submitted_at and c.follow_up_due
        if c.status == "ditanggapi":
            assert c.responded_at and c.auto_close_due >= timezone.localdate()
        if c.rating is not None:
            assert c.status in ("selesai", "tidak_selesai") and 1 <= c.rating <= 5 and c.rated_at >= c.closed_at
        kinds = {e.kind for e in timeline}
        if c.status == "spam":
            assert EntryKind.SPAM in kinds
        public_kinds = {e.kind for e in timeline if e.is_public}
        assert not public_kinds & {EntryKind.NOTE, EntryKind.LINKED, EntryKind.ESCALATED, EntryKind.SPAM}


def test_units_land_in_every_ikm_grade(city):
    today = timezone.localdate()
    grades = Counter(ikm.grade for ikm in ikm_by_unit(today.replace(year=today.year - 1), today).values())
    assert set(grades) == {"A", "B", "C", "D"}


def test_forums_past_and_upcoming(city):
    held = Forum.objects.filter(status=ForumStatus.HELD, minutes_published_at__isnull=False)
    assert held.count() >= 3 and all(f.follow_ups.exists() for f in held)
    assert Forum.objects.filter(status=ForumStatus.HELD, minutes_published_at__isnull=True).exclude(minutes="").exists()
    upcoming = Forum.objects.filter(status=ForumStatus.SCHEDULED, starts_at__gt=timezone.now())
    assert upcoming.count() >= 3 and upcoming.filter(inputs__isnull=False).exists()
    assert Forum.objects.filter(status=ForumStatus.CANCELLED).exists()
    for forum in Forum.objects.prefetch_related("inputs"):
        assert all(item.created_at <= max(forum.starts_at, timezone.now()) for item in forum.inputs.all())
    assert Forum.objects.filter(inputs__is_hidden=True).exists()


def test_the_demo_accounts_find_work(city):
    today = timezone.localdate()
    waiting = Complaint.objects.filter(status__in=["baru", "perlu_info"], is_blocked=False)
    assert waiting.filter(verify_due__gte=today).count() >= 5 and waiting.filter(verify_due__lt=today).exists()
    supervisor = User.objects.get(username=DEMO_ACCOUNTS["supervisor"])
    asn = User.objects.get(username=DEMO_ACCOUNTS["asn"])
    bidang = OrgUnit.objects.get(name="Bidang Pengembangan Kompetensi Aparatur")
    assert is_handler(supervisor, bidang) and is_handler(asn, bidang)  # the head, and whom they designated
    routed = Complaint.objects.filter(handling_unit=bidang)
    assert routed.filter(status="diteruskan", follow_up_due__gte=today).exists()
    assert routed.filter(status="diteruskan", follow_up_due__lt=today).exists()
    assert routed.filter(status="ditanggapi").exists() and routed.filter(status="selesai").exists()
    assert not Complaint.objects.filter(employee__user__username__in=DEMO_ACCOUNTS.values()).exists()


def test_the_open_data_of_the_demo_holds_nothing_private(city):
    body = json.loads(Client().get(reverse("open311:request-list")).content)
    listed = {row["service_request_id"] for row in body}
    assert listed
    private = Complaint.objects.filter(is_confidential=True) | Complaint.objects.filter(is_blocked=True)
    assert listed.isdisjoint(private.values_list("reference", flat=True))
    text = json.dumps(body)
    for email in Complaint.objects.exclude(reporter_email="").values_list("reporter_email", flat=True)[:50]:
        assert email not in text


def test_a_second_run_changes_nothing(city):
    counts = (Complaint.objects.count(), Forum.objects.count(), PublicService.objects.count())
    out = _Out()
    demo.build(stdout=out)
    assert (Complaint.objects.count(), Forum.objects.count(), PublicService.objects.count()) == counts
    assert "sudah ada" in out.lines[-1]
