"""Demo mentoring and external learning (steps 5 and 6 of apps/trainings/demo.py's story)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.core import bulk
from apps.core.demo import DEMO_ACCOUNTS
from apps.employees.models import OrgUnitKind
from apps.indicators.selectors.overview import top_units

from . import demo_data
from .models import Competency, ExternalLearning, Mentoring, MentoringSession, TrainingSettings
from .services.ledger import jp_from_minutes

if TYPE_CHECKING:
    from .demo import _Person, _Writer

RANK = {"pelaksana": 0, "fungsional": 1, "pengawas": 2, "administrator": 3}  # who may mentor whom


def mentoring(people: list[_Person], writer: _Writer, config: TrainingSettings) -> int:
    """Two pairs per kecamatan and dinas: a senior PNS and a junior colleague (a pelaksana when there
    is one) of the same perangkat daerah, meeting every two weeks for three months; meetings more
    than three days old are approved."""
    rng, today = writer.rng, writer.today
    top, top_of = top_units()
    wanted = {u.pk for u in top if u.kind in (OrgUnitKind.KECAMATAN, OrgUnitKind.DINAS)}
    members = {}
    for person in people:
        members.setdefault(top_of.get(person.unit_id), []).append(person)
    first = datetime.date(today.year, 1, 15)
    span = (today - first).days - 20
    if span <= 0:
        return 0
    pairs = []
    # the kecamatan and dinas first; a small demo city tops up from the other perangkat daerah
    for unit in sorted(members, key=lambda pk: (pk not in wanted, -len(members[pk]), pk or 0)):
        if unit not in wanted and len(pairs) >= 4:
            break
        group = members[unit]
        mentors = [p for p in group if p.pns and p.kind in RANK and p.kind != "pelaksana"]
        mentees = [p for p in group if p.kind in RANK and p.nip != DEMO_ACCOUNTS["asn"]]
        rng.shuffle(mentors)
        rng.shuffle(mentees)
        mentees.sort(key=lambda p: RANK[p.kind])  # pelaksana first, then the junior officials
        used = set()
        for mentor in mentors:
            mentee = next((p for p in mentees if p.pk not in used and RANK[p.kind] < RANK[mentor.kind]), None)
            if mentee is None or len(used) >= 2:
                break
            used.add(mentee.pk)
            pairs.append((mentor, mentee))
    ids = bulk.new_ids(Mentoring, len(pairs))
    rows, meetings = [], []
    competencies = dict(Competency.objects.values_list("name", "pk"))
    for (mentor, mentee), pk in zip(pairs, ids, strict=True):
        start = first + datetime.timedelta(days=rng.randrange(span))
        end = start + datetime.timedelta(days=90)
        competency = competencies.get(rng.choice(["Pelayanan Prima", "Manajemen Waktu", "Literasi Digital"]))
        rows.append((pk, mentor.pk, mentee.pk, start, end, rng.choice(demo_data.MENTORING_GOALS), competency,
                     writer.admin))  # fmt: skip
        day = start + datetime.timedelta(days=7)
        while day <= min(end, today - datetime.timedelta(days=1)) and len(meetings) < 10 * len(pairs):
            meetings.append((pk, mentor, mentee, day, rng.choice((60, 90, 120))))
            day += datetime.timedelta(days=14)
    bulk.copy(Mentoring, ["id", "mentor", "mentee", "starts_on", "ends_on", "goals", "competency", "created_by"], rows)
    session_rows = []
    for (mentoring, mentor, mentee, day, minutes), pk in zip(
        meetings, bulk.new_ids(MentoringSession, len(meetings)), strict=True
    ):
        approved = day <= today - datetime.timedelta(days=3)
        approver = mentee.boss_user_id or writer.admin
        logged = writer.stamp(day, 15)
        approved_at = writer.stamp(day + datetime.timedelta(days=2), 10) if approved else None
        session_rows.append((pk, mentoring, day, minutes, rng.choice(demo_data.MENTORING_NOTES),
                             rng.choice((mentor.user_id, mentee.user_id)), approver if approved else None,
                             approved_at, logged))  # fmt: skip
        if approved:
            jp = jp_from_minutes(minutes, config)
            writer.jp.append((mentee.pk, day.year, jp, "mentoring", f"mentoring-session:{pk}",
                              "Mentoring oleh pegawai senior", True, approved_at))  # fmt: skip
            mentee.total += float(jp)
    bulk.copy_plain(MentoringSession, ["id", "mentoring", "date", "minutes", "notes", "logged_by", "approved_by",
                                   "approved_at", "created_at"], session_rows)  # fmt: skip
    return len(pairs)


def external(people: list[_Person], writer: _Writer) -> int:
    """About 2.5 % of the city (at least six people): most verified, some waiting, one rejected; the
    demo ASN has one waiting for the admin."""
    rng, today = writer.rng, writer.today
    asn = next((p for p in people if p.nip == DEMO_ACCOUNTS["asn"]), None)
    others = [p for p in people if p is not asn]
    chosen = rng.sample(others, min(len(others), max(6, len(people) * 25 // 1000)))
    entries = [(p, "rejected" if i == 0 else "verified" if rng.random() < 0.7 else "submitted")
               for i, p in enumerate(chosen)]  # fmt: skip
    if asn is not None:
        entries.append((asn, "submitted"))
    first = datetime.date(today.year, 1, 10)
    span = max(1, (today - first).days - 10)
    pdfs, rows = {}, []
    for (person, status), pk in zip(entries, bulk.new_ids(ExternalLearning, len(entries)), strict=True):
        title, organiser, jp = rng.choice(demo_data.EXTERNAL)
        start = first + datetime.timedelta(days=rng.randrange(span))
        end = start + datetime.timedelta(days=0 if jp <= 6 else 2)
        if title not in pdfs:
            pdfs[title] = demo_data.certificate_pdf(title)
        name = default_storage.save(f"sertifikat/eksternal/{person.pk}/{uuid.uuid4().hex}", ContentFile(pdfs[title]))
        reviewed = status != "submitted"
        reviewed_at = writer.stamp(min(end + datetime.timedelta(days=5), today), 9) if reviewed else None
        credited = Decimal(jp) if status == "verified" else None
        rows.append((pk, person.pk, title, organiser, "non_klasikal", start, end, Decimal(jp), name,
                     f"sertifikat-{pk}.pdf", "application/pdf", status, credited, writer.admin if reviewed else None,
                     reviewed_at, demo_data.REJECT_NOTE if status == "rejected" else ""))  # fmt: skip
        if status == "verified":
            writer.jp.append((person.pk, end.year, credited, "external", f"external:{pk}", title, True, reviewed_at))
            person.total += jp
    bulk.copy(
        ExternalLearning,
        ["id", "employee", "title", "organiser", "path", "started_on", "ended_on", "jp_claimed", "certificate",
         "certificate_name", "certificate_type", "status", "jp_credited", "reviewed_by", "reviewed_at", "review_note"],
        rows,
    )  # fmt: skip
    return len(rows)
