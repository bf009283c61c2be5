"""Data of bench/bench_load.py beside the demo city: the bench teams, their accounts, the state
every run starts from, and the evidence file. Needs Django set up (bench settings).

- One perangkat daerah "Badan Bench Beban" under the government, and under it one bidang per team:
  its head is the team's supervisor, each member an ASN with an approved SKP of the filing year
  (1 RHK, 2 IKI), so the day page offers IKI and an approval rolls quantities up. A team of a real
  size (the demo's 57 supervisors of 20,000 have hundreds of subordinates each).
- Every account signs in with ``PASSWORD``, hashed once with the project's PASSWORD_HASHERS and the
  hash copied to all: signing in costs what it costs in production, creating 4,000 accounts does not.
- ``ensure_teams`` only adds what is missing (a reused database keeps its accounts); ``reset`` puts
  the teams back to the start of a morning: no report of theirs exists, except ``backlog`` reports
  per team submitted on the working day before and waiting in the supervisor's queue.
"""

from __future__ import annotations

import datetime
import io
import itertools
from decimal import Decimal
from pathlib import Path

AGENCY = "Badan Bench Beban"
TEAM_PREFIX = "Bidang Bench Beban"
PASSWORD = "Beban-Bench-2026!"  # of bench accounts on a loopback bench database only
IKI_TEXTS = ("Berkas usulan layanan kepegawaian yang diverifikasi", "Data pegawai yang dimutakhirkan")


def filing_days() -> tuple[datetime.date, datetime.date]:
    """(the day /laporan/ opens today, the working day before it: the backlog's)."""
    from django.utils import timezone

    from apps.daily_reports.services import filing

    window = filing.filing_days()
    today = timezone.localdate()
    day = today if today in window or not window else window[-1]
    earlier = [d for d in window if d < day]
    return day, (earlier[-1] if earlier else day - datetime.timedelta(days=1))


def _nips(taken: set[str]):
    """Well-formed NIPs with sequence numbers from 900, which the demo (counting from 1 per birth
    date and TMT) does not reach; any that exists already is skipped."""
    from apps.employees.nip import make_nip

    for n in itertools.count():
        birth = datetime.date(1970 + n % 28, 1 + (n // 28) % 12, 1 + (n // 336) % 28)
        tmt = datetime.date(birth.year + 24, 1 + n % 12, 1)
        nip = make_nip(birth_date=birth, tmt_cpns=tmt, gender="LP"[n % 2], sequence=900 + (n // 9408) % 100)
        if nip not in taken:
            taken.add(nip)
            yield nip, birth


def ensure_teams(teams: int, members: int, year: int) -> list[dict]:
    """At least ``teams`` bench teams of at least ``members`` members each; returns every team as
    {"supervisor": username, "members": [usernames, oldest first]}."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from apps.accounts.models import Role, User
    from apps.employees.models import Employee, JabatanKind, OrgUnit, OrgUnitKind
    from apps.indicators.models import Aspect, Direction, Iki, Rhk, RhkKind, Skp, SkpStatus

    hashed = make_password(PASSWORD)
    taken = set(Employee.objects.values_list("nip", flat=True)) | set(User.objects.values_list("username", flat=True))
    nips = _nips(taken)

    def people(specs: list[dict], password: str) -> list[Employee]:
        rows = [(*next(nips), spec) for spec in specs]
        users = User.objects.bulk_create([User(username=nip, role=Role.ASN, password=password) for nip, _b, _s in rows])
        return Employee.objects.bulk_create(
            [
                Employee(user=user, nip=nip, birth_date=birth, gender="L" if nip[14] == "1" else "P",
                         golongan="III/b", jabatan="Analis Sumber Daya Manusia Aparatur", **spec)
                for user, (nip, birth, spec) in zip(users, rows, strict=True)
            ]
        )  # fmt: skip

    with transaction.atomic():
        agency = OrgUnit.objects.filter(name=AGENCY).first()
        if agency is None:
            root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
            agency = OrgUnit.objects.create(name=AGENCY, kind=OrgUnitKind.BADAN, parent=root)
            (head,) = people([{"name": "Kepala Badan Bench Beban", "unit": agency,
                               "jabatan_kind": JabatanKind.JPT_PRATAMA}], make_password(None))  # fmt: skip
            OrgUnit.objects.filter(pk=agency.pk).update(head=head)
            agency.head = head
        units = list(OrgUnit.objects.filter(parent=agency, name__startswith=TEAM_PREFIX).order_by("name"))
        for n in range(len(units), teams):
            unit = OrgUnit.objects.create(name=f"{TEAM_PREFIX} {n + 1:03d}", kind=OrgUnitKind.BIDANG, parent=agency)
            (boss,) = people([{"name": f"Kepala {unit.name}", "unit": unit, "supervisor": agency.head,
                               "jabatan_kind": JabatanKind.ADMINISTRATOR}], hashed)  # fmt: skip
            OrgUnit.objects.filter(pk=unit.pk).update(head=boss)
            units.append(unit)
        units = list(OrgUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("name"))
        heads = Employee.objects.select_related("user").in_bulk([unit.head_id for unit in units])
        have = _member_counts(units, heads)
        specs = [
            {"name": f"Pegawai {unit.name[len(TEAM_PREFIX) + 1:]}-{n + 1:03d}", "unit": unit,
             "supervisor": heads[unit.head_id], "jabatan_kind": JabatanKind.PELAKSANA}
            for unit in units
            for n in range(have.get(unit.pk, 0), members)
        ]  # fmt: skip
        added = people(specs, hashed) if specs else []
        now = timezone.now()
        skps = Skp.objects.bulk_create(
            [Skp(employee=e, year=year, status=SkpStatus.APPROVED, evaluator=e.supervisor, submitted_at=now,
                 approved_at=now, approved_by=e.supervisor) for e in added]
        )  # fmt: skip
        rhks = Rhk.objects.bulk_create(
            [Rhk(skp=skp, kind=RhkKind.UTAMA, text="Terselesaikannya layanan administrasi kepegawaian") for skp in skps]
        )
        Iki.objects.bulk_create(
            [Iki(rhk=rhk, text=text, aspect=Aspect.KUANTITAS, target_value=Decimal(480), target_unit="dokumen",
                 direction=Direction.HIGHER, cumulative=True, position=position)
             for rhk in rhks for position, text in enumerate(IKI_TEXTS)]
        )  # fmt: skip
    result = []
    for unit in units:
        usernames = Employee.objects.filter(unit=unit, supervisor_id=unit.head_id).order_by("pk")
        result.append(
            {
                "supervisor": heads[unit.head_id].user.username,
                "members": list(usernames.values_list("user__username", flat=True)),
            }
        )
    return result


def _member_counts(units, heads) -> dict[int, int]:
    from django.db.models import Count

    from apps.employees.models import Employee

    rows = Employee.objects.filter(unit__in=units).exclude(pk__in=list(heads)).values("unit").annotate(n=Count("pk"))
    return {row["unit"]: row["n"] for row in rows}


def reset(teams: list[dict], backlog: int) -> dict:
    """Every bench report, its activities, evidence, events and IKI roll-up, gone; then ``backlog``
    reports a team (its first members'), filed and submitted on the working day before the filing
    day, waiting in the first ``len(teams)`` queues. Returns the days and counts."""
    from django.db import transaction
    from django.utils import timezone

    from apps.core.models import FormDraft
    from apps.daily_reports.models import Activity, DailyReport, IkiRollup, ReportAction, ReportEvent, ReportStatus
    from apps.employees.models import Employee
    from apps.indicators.models import Iki

    day, before = filing_days()
    bench = Employee.objects.filter(unit__parent__name=AGENCY)
    with transaction.atomic():
        deleted, _by_model = DailyReport.objects.filter(employee__in=bench).delete()
        IkiRollup.objects.filter(iki__rhk__skp__employee__in=bench).delete()
        FormDraft.objects.filter(user__employee__in=bench).delete()
        usernames = [team["members"][n] for team in teams for n in range(min(backlog, len(team["members"])))]
        members = list(bench.filter(user__username__in=usernames).select_related("user"))
        ikis = {}
        for iki in Iki.objects.filter(rhk__skp__employee__in=members, rhk__skp__year=before.year, position=0):
            ikis[iki.rhk.skp.employee_id] = iki
        sent = timezone.make_aware(datetime.datetime.combine(before, datetime.time(16)))
        reports = DailyReport.objects.bulk_create(
            [DailyReport(employee=m, date=before, status=ReportStatus.SUBMITTED, submitted_at=sent) for m in members]
        )
        Activity.objects.bulk_create(
            [Activity(report=r, description="Memverifikasi berkas usulan kenaikan pangkat", iki=ikis.get(r.employee_id),
                      quantity=Decimal(4) if r.employee_id in ikis else None, unit="dokumen" if r.employee_id in ikis
                      else "", starts_at=datetime.time(7, 30), ends_at=datetime.time(11, 30), place="kantor")
             for r in reports]
        )  # fmt: skip
        by_id = {m.pk: m for m in members}
        ReportEvent.objects.bulk_create(
            [ReportEvent(report=r, actor=by_id[r.employee_id].user, action=ReportAction.SUBMITTED) for r in reports]
        )
    return {"day": day, "backlog_day": before, "deleted": deleted, "backlog": len(reports)}


def evidence_file(kind: str, folder: Path, size: int = 1024 * 1024) -> dict:
    """A ``size``-byte evidence file in ``folder``: a PDF (the magic bytes and padding: the app checks
    the type, not the document) or a JPEG photo of 2000 × 1500 px near ``size`` bytes (the app
    decodes and re-encodes every photo). Returns what the plan names it by."""
    if kind == "pdf":
        body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        tail = b"\n%%EOF\n"
        data = body + bytes(range(256)) * ((size - len(body) - len(tail)) // 256)
        data += b"0" * (size - len(data) - len(tail)) + tail
        name, content_type = "notulen-rapat.pdf", "application/pdf"
    else:
        from PIL import Image

        dims = (2000, 1500)
        noise = Image.merge("RGB", [Image.effect_noise(dims, 30) for _ in range(3)])
        gradient = Image.merge("RGB", [Image.linear_gradient("L").resize(dims), Image.radial_gradient("L").resize(dims),
                                       Image.linear_gradient("L").rotate(90).resize(dims)])  # fmt: skip
        low, high = 0.0, 1.0
        for _ in range(14):  # bisect the share of noise until the photo is within 2 % of the size
            alpha = (low + high) / 2
            buffer = io.BytesIO()
            Image.blend(gradient, noise, alpha).save(buffer, "JPEG", quality=90)
            data = buffer.getvalue()
            if abs(len(data) - size) < size * 0.02:
                break
            low, high = (alpha, high) if len(data) < size else (low, alpha)
        name, content_type = "foto-kegiatan.jpg", "image/jpeg"
    path = folder / name
    path.write_bytes(data)
    return {"evidence_path": str(path), "evidence_name": name, "evidence_type": content_type,
            "evidence_bytes": len(data)}  # fmt: skip
