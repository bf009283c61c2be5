"""`make bench` step: daily reports under load, each row a ratio to the one-query baseline.

Targets (the issue): filing a report with 5 activities sustains at least 0.25 of the baseline's
requests/s, the review queue of a supervisor with 50 subordinates at least 0.15. The other rows
carry about half of their first measured ratio (bench/README.md, "Adding a row").

1. Database `sikap_bench_daily`, dropped and created on every run (a report can be filed once per
   employee and day, so a run uses up its data), migrated; a private `redis-server` on a free
   loopback port is the Celery broker, so what the outbox sends (a submission's notification)
   reaches no worker and is thrown away at the end.
2. Data, built here (services for the team under review, the ORM in bulk for the rest):
   - "Bidang Bench Pemeriksaan": the supervisor (head) and exactly 50 active subordinates, each
     with a user and an approved SKP (1 RHK, 2 cumulative IKI, through apps.indicators.services),
     about a month of approved reports before the filing window, and one report filed, submitted
     (apps.daily_reports.services) and waiting in the queue, on a day of the filing window;
   - "Bidang Bench Pengisian": N filers (default 2,000) in teams of 50 under their own heads, each
     with a personal API token, an approved SKP with 2 IKI and a draft of 5 activities on the
     oldest day of the window (what the "submit" row submits). Every (filer, other window day) is
     one request of the "file a day" row.
3. gunicorn with `asn_kinerja.settings.bench` on 127.0.0.1, as bench/run.py starts it. Every
   request type is sent once and must answer as expected (201 with 5 activities, 200 submitted,
   200 for the pages); the query count of each is measured in this process (CaptureQueriesContext).
4. wrk, fixed duration, latency on; the writes through bench/lua/replay.lua (a different prepared
   request each time, never one twice). Baseline before and after every row; worker CPU, the CPU
   of this database's PostgreSQL backends, and the largest worker RSS are sampled.
5. After the run: every answer's status code, whether the prepared requests ran out, and the
   database (reports created = 201 answers, 5 activities each; drafts submitted = 200 answers).
6. Prints the table and rewrites the section between the daily markers of bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for its imports

import psutil

from bench import harness

DAILY_DB = "sikap_bench_daily"
README = Path(__file__).resolve().parent / "README.md"
OUT = Path(__file__).resolve().parent / "out"
REPLAY_LUA = Path(__file__).resolve().parent / "lua" / "replay.lua"
START, END = "<!-- daily:start -->", "<!-- daily:end -->"
BASELINE = "/bench/baseline/"
TEAM_SIZE = 50
REPLAYED = ("me", "create", "submit")  # rows sent through bench/lua/replay.lua with the filers' tokens
EXPECTED = {"me": 200, "create": 201, "submit": 200}
FILERS_PER_HEAD = 50
# (key, label, who, minimum ratio to the baseline or None). create and submit are the targets of
# the "submitting a report with 5 activities" (0.25 is asked of the filing request, the one
# that writes the activities); queue is its "supervisor queue of 50 subordinates" (0.15). "me" is
# the cheapest token-authenticated request, for reference: the floor under the two writes.
ROWS = [
    ("me", "reference: API me", "filer (token)", None),
    ("create", "file a day: report + 5 activities", "filer (token)", 0.25),
    ("submit", "submit that report", "filer (token)", 0.03),  # measured 0.07 (2026-12-01, load 6-10)
    ("queue", "review queue, 50 subordinates", "supervisor", 0.15),
    ("day", "ASN's day page (5 activities)", "team member", 0.02),  # measured 0.05-0.11
    ("calendar", "team calendar, 50 × month", "supervisor", 0.01),  # measured 0.018
]
# The 5 activities of a day: 4 linked to the filer's two IKI, the last one "tugas lain".
ACTIVITIES = [
    ("Memverifikasi berkas usulan kenaikan pangkat", 0, "3", "07:30", "09:00", "kantor"),
    ("Memverifikasi berkas usulan pensiun", 0, "2", "09:00", "10:30", "kantor"),
    ("Memutakhirkan data riwayat jabatan di SIMPEG", 1, "12", "10:30", "12:00", "kantor"),
    ("Memutakhirkan data pendidikan pegawai", 1, "8", "13:00", "14:30", "lapangan"),
    ("Rapat koordinasi bidang", None, None, "14:30", "16:00", "kantor"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--filers", type=int, default=2000, help="employees with a token who file (default 2000)")
    parser.add_argument("--connections", type=int, default=8, help="wrk open connections (default 8)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--only", default="", help="measure only rows whose key or label contains this text")
    parser.add_argument("--no-readme", action="store_true", help="print the results, leave bench/README.md alone")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a threshold fails or a run had errors")
    return parser.parse_args()


# --- A private Redis --------------------------------------------------------------------------------
class PrivateRedis:
    """redis-server on a free port of 127.0.0.1, nothing saved, in its own process group."""

    def __init__(self, folder: Path):
        self.port = harness.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = (folder / "redis.log").open("w")
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(folder)]
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"redis-server did not start; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # our own group, started above
                self.process.wait(timeout=5)
        self.log.close()


# --- PostgreSQL CPU -----------------------------------------------------------------------------------
def database_cpu_seconds() -> float | None:
    """User + system CPU of the PostgreSQL backends serving DAILY_DB (their command line names the
    database), when they run on this machine; None when none is visible. The connection pool keeps
    the backends alive, so the difference over a run is the database's work for it."""
    total, seen = 0.0, False
    for process in psutil.process_iter(["cmdline"]):
        title = (process.info.get("cmdline") or [""])[0]  # "postgres: user database [local] idle", padded
        if title.startswith("postgres: ") and f" {DAILY_DB} " in title:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
            seen = True
    return total if seen else None


# --- Data -------------------------------------------------------------------------------------------
def _nips():
    from apps.employees.nip import make_nip

    n = 0
    while True:
        birth = datetime.date(1970 + n % 28, 1 + (n // 28) % 12, 1 + (n // 336) % 28)
        tmt = datetime.date(birth.year + 24, 1 + n % 12, 1)
        yield make_nip(birth_date=birth, tmt_cpns=tmt, gender="LP"[n % 2], sequence=1 + (n // 9408) % 999), birth
        n += 1


def _activity_fields(ikis) -> list[dict]:
    """ACTIVITIES as the services take them, linked to ``ikis`` (two Iki)."""
    rows = []
    for description, iki, quantity, starts, ends, place in ACTIVITIES:
        rows.append(
            {
                "description": description,
                "iki": ikis[iki] if iki is not None else None,
                "quantity": Decimal(quantity) if quantity else None,
                "starts_at": datetime.time.fromisoformat(starts),
                "ends_at": datetime.time.fromisoformat(ends),
                "place": place,
            }
        )
    return rows


def create_body(day: datetime.date, iki_ids: list[int]) -> str:
    """The JSON body of POST /api/v1/daily-reports/: the day and its 5 activities."""
    activities = [
        {
            "description": description,
            "iki": iki_ids[iki] if iki is not None else None,
            "quantity": quantity,
            "starts_at": starts,
            "ends_at": ends,
            "place": place,
        }
        for description, iki, quantity, starts, ends, place in ACTIVITIES
    ]
    return json.dumps({"date": day.isoformat(), "activities": activities}, separators=(",", ":"))


def prepare(filers: int, tmp: Path) -> dict:
    """Build the data (see the module's docstring) and the request files; returns what the run needs."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from apps.accounts.models import ApiToken, Role, User
    from apps.core.workdays import WorkCalendar
    from apps.daily_reports import rollup
    from apps.daily_reports.models import Activity, DailyReport, ReportAction, ReportEvent, ReportStatus
    from apps.daily_reports.services import filing, review
    from apps.employees.models import Employee, JabatanKind, OrgUnit, OrgUnitKind
    from apps.indicators.models import Aspect, Direction, Iki, Rhk, RhkKind, Skp, SkpStatus
    from apps.indicators.services import items
    from apps.indicators.services import skp as skp_services

    started = time.perf_counter()
    today = timezone.localdate()
    window = filing.filing_days(today)  # oldest first
    if len(window) < 2:
        raise SystemExit(f"the filing window of {today} has {len(window)} day(s); the bench needs 2 or more")
    old_day, create_days = window[0], window[1:]
    password = secrets.token_urlsafe(16)
    hashed, unusable = make_password(password), make_password(None)
    nips = _nips()
    now = timezone.now()

    def people(specs: list[dict]) -> list[Employee]:
        """Users and their employees in two bulk inserts; spec keys go to Employee."""
        rows = []
        for spec in specs:
            nip, birth = next(nips)
            rows.append((nip, birth, spec))
        users = User.objects.bulk_create(
            [User(username=nip, role=Role.ASN, password=spec.pop("password", unusable)) for nip, _b, spec in rows]
        )
        return Employee.objects.bulk_create(
            [
                Employee(
                    user=user,
                    nip=nip,
                    birth_date=birth,
                    gender="L" if nip[14] == "1" else "P",
                    golongan="III/b",
                    **{"jabatan": "Analis Sumber Daya Manusia Aparatur", **spec},
                )
                for user, (nip, birth, spec) in zip(users, rows, strict=True)
            ]
        )

    with transaction.atomic():
        unit_q = OrgUnit.objects.create(name="Bidang Bench Pemeriksaan", kind=OrgUnitKind.BIDANG)
        unit_f = OrgUnit.objects.create(name="Bidang Bench Pengisian", kind=OrgUnitKind.BIDANG)
        head_kind = {"jabatan_kind": JabatanKind.ADMINISTRATOR}
        supervisor, head_f = people(
            [
                {"name": "Kepala Bidang Bench Pemeriksaan", "unit": unit_q, "password": hashed, **head_kind},
                {"name": "Kepala Bidang Bench Pengisian", "unit": unit_f, **head_kind},
            ]
        )
        OrgUnit.objects.filter(pk=unit_q.pk).update(head=supervisor)
        OrgUnit.objects.filter(pk=unit_f.pk).update(head=head_f)
        team = people(
            [
                {"name": f"Pegawai Tim {n + 1:02d}", "unit": unit_q, "supervisor": supervisor, "password": hashed}
                for n in range(TEAM_SIZE)
            ]
        )
        heads = people(
            [
                {
                    "name": f"Kepala Subbidang Bench {n + 1}",
                    "unit": unit_f,
                    "supervisor": head_f,
                    "jabatan_kind": JabatanKind.PENGAWAS,
                }
                for n in range((filers + FILERS_PER_HEAD - 1) // FILERS_PER_HEAD)
            ]
        )
        filer_rows = people(
            [
                {"name": f"Pegawai Pengisi {n + 1:04d}", "unit": unit_f, "supervisor": heads[n // FILERS_PER_HEAD]}
                for n in range(filers)
            ]
        )

    # The team under review: SKPs through the services, as tests/indicators/conftest.py builds them.
    team_ikis = {}
    for member in team:
        actor = member.user
        skp = skp_services.skp_create(actor=actor, employee=member, year=today.year)
        rhk = items.rhk_save(
            actor=actor, skp=skp, text="Terselesaikannya layanan administrasi kepegawaian", kind=RhkKind.UTAMA
        )
        team_ikis[member.pk] = [
            items.iki_save(
                actor=actor,
                rhk=rhk,
                text=text,
                aspect=Aspect.KUANTITAS,
                target_value=Decimal(480),
                target_unit="dokumen",
                direction=Direction.HIGHER,
                cumulative=True,
            )
            for text in ("Berkas usulan layanan kepegawaian yang diverifikasi", "Data pegawai yang dimutakhirkan")
        ]
        skp_services.skp_submit(actor=actor, skp=skp)
        skp_services.skp_approve(actor=supervisor.user, skp=skp)

    # About a month of approved history before the window (this year only: the SKP is this year's).
    calendar = WorkCalendar()
    first = max(old_day - datetime.timedelta(days=31), datetime.date(today.year, 1, 1))
    calendar.load(first, old_day)
    history_days = [
        first + datetime.timedelta(days=n)
        for n in range((old_day - first).days)
        if calendar.is_working_day(first + datetime.timedelta(days=n))
    ]
    tz = timezone.get_current_timezone()

    def at(day, hour):
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)

    with transaction.atomic():
        reports = DailyReport.objects.bulk_create(
            [
                DailyReport(
                    employee=member,
                    date=day,
                    status=ReportStatus.APPROVED,
                    submitted_at=at(day, 16),
                    reviewed_by=supervisor,
                    reviewed_at=at(day, 16) + datetime.timedelta(hours=17),
                )
                for member in team
                for day in history_days
            ]
        )
        Activity.objects.bulk_create(
            [
                Activity(report=report, unit="dokumen" if fields["iki"] else "", **fields)
                for report in reports
                for fields in _activity_fields(team_ikis[report.employee_id])[:4]
            ]
        )
        ReportEvent.objects.bulk_create(
            [
                ReportEvent(report=report, actor=user, action=action)
                for report in reports
                for user, action in (
                    (report.employee.user, ReportAction.SUBMITTED),
                    (supervisor.user, ReportAction.APPROVED),
                )
            ]
        )
    rollup.rebuild()

    # The queue: one report per member filed and submitted through the services, on the window's
    # days in turn, submitted at the end of its day (so some have waited for days).
    for n, member in enumerate(team):
        day = window[n % len(window)]
        report = filing.report_open(actor=member.user, day=day)
        for fields in _activity_fields(team_ikis[member.pk]):
            filing.activity_save(actor=member.user, report=report, **fields)
        review.daily_report_submit(actor=member.user, report=report)
        DailyReport.objects.filter(pk=report.pk).update(submitted_at=min(at(day, 16), timezone.now()))

    # The filers: tokens, SKPs and the drafts that the submit row submits, in bulk.
    keys = [ApiToken.new_key() for _ in filer_rows]
    with transaction.atomic():
        ApiToken.objects.bulk_create(
            [
                ApiToken(user=filer.user, name="bench", key_hash=ApiToken.hash_key(key), hint=key[:10])
                for filer, key in zip(filer_rows, keys, strict=True)
            ]
        )
        skps = Skp.objects.bulk_create(
            [
                Skp(
                    employee=filer,
                    year=today.year,
                    status=SkpStatus.APPROVED,
                    evaluator=filer.supervisor,
                    submitted_at=now,
                    approved_at=now,
                    approved_by=filer.supervisor,
                )
                for filer in filer_rows
            ]
        )
        rhks = Rhk.objects.bulk_create(
            [Rhk(skp=skp, kind=RhkKind.UTAMA, text="Terselesaikannya layanan administrasi kepegawaian") for skp in skps]
        )
        ikis = Iki.objects.bulk_create(
            [
                Iki(
                    rhk=rhk,
                    text=text,
                    aspect=Aspect.KUANTITAS,
                    target_value=Decimal(480),
                    target_unit="dokumen",
                    direction=Direction.HIGHER,
                    cumulative=True,
                    position=position,
                )
                for rhk in rhks
                for position, text in enumerate(("Berkas usulan yang diverifikasi", "Data pegawai yang dimutakhirkan"))
            ]
        )
        filer_ikis = {filer.pk: ikis[2 * n : 2 * n + 2] for n, filer in enumerate(filer_rows)}
        drafts = DailyReport.objects.bulk_create([DailyReport(employee=filer, date=old_day) for filer in filer_rows])
        Activity.objects.bulk_create(
            [
                Activity(report=draft, unit="dokumen" if fields["iki"] else "", **fields)
                for draft in drafts
                for fields in _activity_fields(filer_ikis[draft.employee_id])
            ]
        )

    # The request files; the last two filers are kept for the checks (query count, probe).
    create_lines, submit_lines = [], []
    for day in create_days:
        for filer, key in zip(filer_rows[:-2], keys[:-2], strict=True):
            body = create_body(day, [iki.pk for iki in filer_ikis[filer.pk]])
            create_lines.append(f"POST\t/api/v1/daily-reports/\t{key}\t{body}")
    for draft, key in zip(drafts[:-2], keys[:-2], strict=True):
        submit_lines.append(f"POST\t/api/v1/daily-reports/{draft.pk}/submit/\t{key}\t")
    (tmp / "create.txt").write_text("\n".join(create_lines) + "\n")
    (tmp / "me.txt").write_text("".join(f"GET\t/api/v1/me/\t{key}\t\n" for key in keys[:-2]))
    (tmp / "submit.txt").write_text("\n".join(submit_lines) + "\n")

    def spare(n):
        filer = filer_rows[n]
        return {
            "token": keys[n],
            "create": create_body(create_days[0], [iki.pk for iki in filer_ikis[filer.pk]]),
            "draft": drafts[n].pk,
        }

    member = team[0]
    member_day = DailyReport.objects.get(employee=member, status=ReportStatus.SUBMITTED).date
    return {
        "today": today,
        "window": window,
        "old_day": old_day,
        "create_days": create_days,
        "password": password,
        "supervisor": supervisor.user.username,
        "member": member.user.username,
        "filer_ids": [filer.pk for filer in filer_rows[:-2]],
        "create_lines": len(create_lines),
        "submit_lines": len(submit_lines),
        "paths": {
            "me": "/api/v1/me/",
            "create": "/api/v1/daily-reports/",
            "submit": "/api/v1/daily-reports/{id}/submit/",
            "queue": "/laporan/tinjau/",
            "day": f"/laporan/hari/{member_day.isoformat()}/",
            "calendar": f"/laporan/kalender-tim/?bulan={old_day:%Y-%m}",
        },
        "spares": [spare(-1), spare(-2)],
        "history_days": len(history_days),
        "employees": Employee.objects.count(),
        "seconds": time.perf_counter() - started,
    }


# What each statement of the filing request is, for the breakdown in the README (first match wins).
QUERY_KINDS = [
    ("token lookup and last_used_at", r'"accounts_apitoken"'),
    ("employee and roles", r'FROM "employees_employee"'),
    ("IKI lookup", r'FROM "indicators_iki"'),
    ("report INSERT", r'INSERT INTO "daily_reports_dailyreport"'),
    ("ReportSettings.current()", r'FROM "daily_reports_reportsettings"'),
    ("holiday table (filing window)", r'FROM "core_holiday"'),
    ("activity INSERT", r'INSERT INTO "daily_reports_activity"'),
    ("report updated_at UPDATE after each activity", r'UPDATE "daily_reports_dailyreport" SET "updated_at"'),
    ("overlap check", r'"daily_reports_activity"\."starts_at" < '),
    ("activity count (max per report)", r'SELECT COUNT\(\*\) AS "__count" FROM "daily_reports_activity"'),
    ("SAVEPOINT / RELEASE", r"SAVEPOINT"),
    ("report lookups and the answer", r'FROM "daily_reports_(dailyreport|activity|evidence|reportevent)"'),
    ("BEGIN / COMMIT", r"^(BEGIN|COMMIT)"),
]


def count_queries(data: dict) -> dict:
    """In this process, through django.test.Client: the queries of one request of each row (the
    first spare filer files its day, then submits it, then submits its draft), the filing request's
    statements by kind, and the queue page's CPU split between the selector and the template."""
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User
    from apps.daily_reports import selectors
    from apps.daily_reports.forms import QueueFilterForm

    spare = data["spares"][0]
    token = {"HTTP_AUTHORIZATION": f"Bearer {spare['token']}"}
    counts = {}

    def measure(key, call, expected):
        with CaptureQueriesContext(connection) as queries:
            response = call()
        if response.status_code != expected:
            raise RuntimeError(f"{key}: {response.status_code} {response.content[:500]!r}")
        counts[key] = len(queries.captured_queries)
        return response, queries

    api = Client(HTTP_HOST="127.0.0.1")
    measure("me", lambda: api.get(data["paths"]["me"], **token), 200)
    response, queries = measure(
        "create",
        lambda: api.post(data["paths"]["create"], spare["create"], content_type="application/json", **token),
        201,
    )
    kinds = Counter()
    for query in queries.captured_queries:
        kind = next((name for name, pattern in QUERY_KINDS if re.search(pattern, query["sql"])), "other")
        kinds[kind] += 1
    report_id = response.json()["id"]
    measure("create+submit", lambda: api.post(f"/api/v1/daily-reports/{report_id}/submit/", **token), 200)
    measure("submit", lambda: api.post(f"/api/v1/daily-reports/{spare['draft']}/submit/", **token), 200)
    for key, username in (("queue", data["supervisor"]), ("day", data["member"]), ("calendar", data["supervisor"])):
        page = Client(HTTP_HOST="127.0.0.1")
        page.force_login(User.objects.get(username=username))
        page.get(data["paths"][key])  # the first request of a session warms what is cached per process
        measure(key, lambda page=page, key=key: page.get(data["paths"][key]), 200)
    counts["create+submit"] += counts["create"]

    supervisor = User.objects.get(username=data["supervisor"])
    request = RequestFactory().get(data["paths"]["queue"], HTTP_HOST="127.0.0.1")
    request.user = supervisor
    request.session = {}

    def cpu_ms(call, n=30):
        times = []
        for _ in range(n):
            started = time.process_time()
            call()
            times.append(time.process_time() - started)
        return statistics.median(times) * 1000

    def select():
        return selectors.review_queue(User.objects.get(pk=supervisor.pk))  # a fresh user: nothing cached

    queue = select()
    split = {
        "selector": cpu_ms(select),
        "template": cpu_ms(
            lambda: render_to_string(
                "daily_reports/review_queue.html", {**queue, "filters": QueueFilterForm()}, request=request
            )
        ),
        "rows": len(queue["reports"]),
    }
    return {"counts": counts, "create_kinds": kinds.most_common(), "queue_split": split}


# --- Probes ------------------------------------------------------------------------------------------
def api_post(url: str, token: str, body: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body.encode(), method="POST")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {"body": error.read()[:500].decode(errors="replace")}


def probe_writes(base_url: str, spare: dict) -> None:
    """The second spare filer files its day, submits it, and submits its draft: 201 with 5
    activities, then 200 submitted, or the run stops before measuring."""
    status, body = api_post(base_url + "/api/v1/daily-reports/", spare["token"], spare["create"])
    if status != 201 or len(body.get("activities", [])) != len(ACTIVITIES):
        raise RuntimeError(f"POST /api/v1/daily-reports/ answered {status}: {body}")
    for report_id in (body["id"], spare["draft"]):
        status, answer = api_post(base_url + f"/api/v1/daily-reports/{report_id}/submit/", spare["token"], "")
        if status != 200 or answer.get("status") != "submitted":
            raise RuntimeError(f"POST /api/v1/daily-reports/{report_id}/submit/ answered {status}: {answer}")


def replay_counts(out: str) -> dict:
    lines = [line.split() for line in out.splitlines()]
    statuses = Counter()
    for parts in lines:
        if parts and parts[0] == "STATUS":
            statuses[int(parts[1])] += int(parts[2])
    threads = [(int(p[2]), int(p[3])) for p in lines if p and p[0] == "LINES"]
    return {
        "statuses": dict(sorted(statuses.items())),
        "used": sum(used for used, _ in threads),
        "available": sum(available for _, available in threads),
        "ran_out": any(used > available for used, available in threads),
    }


# --- Measuring ----------------------------------------------------------------------------------------
def measure_all(args, env: dict, tmp: Path, data: dict, rows: list) -> tuple[list, list, float]:
    lua = harness.write_lua(tmp)
    wrk = {"duration": args.duration, "threads": args.wrk_threads, "connections": args.connections}
    server = harness.Server(env, args.workers, args.threads, tmp / "gunicorn.log")
    memory = None
    try:
        server.wait_ready()
        memory = harness.WorkerStats(server)
        sessions = {
            "supervisor": harness.login(server.base_url, data["supervisor"], data["password"]),
            "team member": harness.login(server.base_url, data["member"], data["password"]),
        }
        for _ in range(3):
            status, location = harness.probe(server.base_url + BASELINE, None)
        for key, _label, who, _minimum in rows:
            if key in REPLAYED:
                continue
            for _ in range(3):  # warm templates and the pool, and refuse rows that do not answer 200
                status, location = harness.probe(server.base_url + data["paths"][key], sessions[who])
            if status != 200:
                raise RuntimeError(f"GET {data['paths'][key]} as {who} answered {status} {location}".strip())
        if any(key in REPLAYED for key, *_ in rows):
            probe_writes(server.base_url, data["spares"][1])
        harness.wrk(server.base_url + BASELINE, None, lua=lua, **{**wrk, "duration": min(3, args.duration)})

        def measure(key: str, who: str | None) -> dict:
            memory.reset()
            cpu, db_cpu = memory.cpu_seconds(), database_cpu_seconds()
            replay = {}
            if key in REPLAYED:
                result, out = harness.wrk_with_output(
                    server.base_url + "/",
                    None,
                    lua=REPLAY_LUA,
                    script_args=(str(tmp / f"{key}.txt"), str(args.wrk_threads)),
                    **wrk,
                )
                replay = replay_counts(out)
            else:
                path = BASELINE if key == "baseline" else data["paths"][key]
                result = harness.wrk(server.base_url + path, sessions.get(who), lua=lua, **wrk)
            requests = max(result.requests, 1)
            cpu_ms = (memory.cpu_seconds() - cpu) * 1000 / requests
            db_after = database_cpu_seconds()
            db_ms = (db_after - db_cpu) * 1000 / requests if db_cpu is not None and db_after is not None else None
            print(f"  {key:<9} {result.rps:8.1f} req/s  p99 {result.p99_ms:7.1f} ms  {cpu_ms:5.1f} ms CPU/request")
            return {**vars(result), "rss_mib": memory.peak / 2**20, "cpu_ms": cpu_ms, "db_ms": db_ms, **replay}

        print(f"Measuring {len(rows)} rows, {args.duration}s each, interleaved with the baseline:")
        baselines = [measure("baseline", None)]
        results = []
        for key, label, who, minimum in rows:
            result = measure(key, who)
            baselines.append(measure("baseline", None))
            around = statistics.mean(run["rps"] for run in baselines[-2:])
            results.append({"key": key, "label": label, "who": who, "min_ratio": minimum, **result})
            results[-1]["ratio"] = result["rps"] / around
        return baselines, results, memory.overall / 2**20
    finally:
        if memory:
            memory.close()
        server.stop()
        log = (tmp / "gunicorn.log").read_text() if (tmp / "gunicorn.log").exists() else ""
        if log.strip():
            print("gunicorn log:\n" + log[-4000:])


def check_database(data: dict, results: list, connections: int) -> list[str]:
    """What the writes left in the database, against what wrk was answered; problems as text.
    When wrk stops, up to one request per connection is still being served: the server finishes
    it, wrk never reads the answer, so the database may hold up to ``connections`` rows more."""
    from apps.daily_reports.models import Activity, DailyReport, ReportStatus

    problems = []
    filers = data["filer_ids"]
    for result in results:
        if result["key"] == "create":
            rows = DailyReport.objects.filter(employee_id__in=filers, date__in=data["create_days"])
            activities = Activity.objects.filter(report__in=rows).count()
            result["db_rows"] = rows.count()
            if activities != len(ACTIVITIES) * result["db_rows"]:
                problems.append(f"create: {activities} activities for {result['db_rows']} reports")
        elif result["key"] == "submit":
            rows = DailyReport.objects.filter(
                employee_id__in=filers, date=data["old_day"], status=ReportStatus.SUBMITTED
            )
            result["db_rows"] = rows.count()
        else:
            continue
        answered = result["statuses"].get(EXPECTED[result["key"]], 0)
        result["in_flight"] = result["db_rows"] - answered
        if not 0 <= result["in_flight"] <= connections:
            problems.append(f"{result['key']}: {result['db_rows']} rows in the database, answers {result['statuses']}")
        if result.get("ran_out") and result["key"] != "me":
            problems.append(
                f"{result['key']}: the prepared requests ran out ({result['used']} used of {result['available']}); "
                "run with more --filers or a shorter --duration"
            )
    return problems


# --- Results ------------------------------------------------------------------------------------------
def verdict(result: dict) -> str:
    expected = EXPECTED.get(result["key"])
    unexpected = sum(n for code, n in result.get("statuses", {}).items() if code != expected)
    ran_out = result.get("ran_out") and result["key"] != "me"  # reads may repeat
    if result["errors"] or result["non_2xx"] or unexpected or ran_out:
        return (
            f"ERROR ({result['errors']} socket errors, {result['non_2xx']} non-2xx/3xx"
            + (f", answers {result['statuses']}" if unexpected else "")
            + (", requests ran out" if ran_out else "")
            + ")"
        )
    if result["min_ratio"] is None:
        return "—"
    return f"{'PASS' if result['ratio'] >= result['min_ratio'] else 'FAIL'} (≥ {result['min_ratio']:.2f})"


# The fixed part of the README section (everything between the daily markers is rewritten).
HOW = """
`bench/bench_daily_reports.py` (run by `make bench` after the import) measures filing and reviewing
daily reports with the same harness and the same rule as `bench/run.py`: gunicorn with the bench
settings on 127.0.0.1, wrk for a fixed time, the baseline before and after every row, each row a
ratio to the mean of its two baselines. Targets of the issue: filing a report with 5 activities
at least **0.25**, the review queue of a supervisor with 50 subordinates at least **0.15**; the other
rows carry about half of their first measured ratio.

- **Data**, in a database of its own (`sikap_bench_daily`) that is dropped, created and migrated
  on every run, because a report can be filed only once per employee and day: a supervisor with
  exactly 50 active subordinates (approved SKPs with 2 cumulative IKI, about a month of approved
  reports, one submitted report each waiting in the queue, built through the services), and
  2,000 filers (`--filers`) with a personal API token, an approved SKP and a 5-activity draft.
- **Writes**: `bench/lua/replay.lua` sends a file of prepared requests, each once, split between
  wrk's threads: filing is one (token, date) per request over the filing window's other days,
  submitting one prepared draft per request. After the run the script compares the answers
  (counted per status code) with what the database holds, and reports if the prepared requests
  ran out (then the run is an ERROR: use more `--filers` or a shorter `--duration`).
- **Checks before measuring**: one filing (must answer 201 with 5 activities), two submits (200,
  submitted) and every page (200 without redirect); each row's query count is measured in-process
  with `CaptureQueriesContext`. A private `redis-server` on loopback is the Celery broker, so a
  submission's notification reaches no worker. Do not run it across midnight WIB (the filing
  window moves).
- Options: `--duration S` (10), `--filers N` (2000), `--connections`, `--wrk-threads`,
  `--workers`, `--threads` as for `bench/run.py`, `--only TEXT`, `--no-readme`, `--strict`. Raw
  numbers go to `bench/out/daily-<time>.json`.
"""


# Kept with the results (the section is rewritten on every run): what a profile of these requests
# found and what was done about it, with its date. Rewrite it when the code of these requests changes.
FINDINGS = """
#### Where the time goes (profiled 2026-12-02, second round)

The first round (d51f6c4 → a28f673) trimmed what the daily-report code itself did: filing went
from 47–54 to 21–27 ms of in-process CPU, the queue stayed at 47–61 ms. Its conclusion was that
the rest lay outside `apps/daily_reports`: Django building and compiling the same queries on every
request, and the template engine. The second round (this one) went after exactly that.

Worker CPU per request in the wrk runs of this machine (gunicorn, the column above), before and
after the second round, with the baseline of the same runs:

| request | before (a28f673) | after | queries before → after |
|---|--:|--:|---|
| baseline | 2.0–2.9 | 1.4–2.8 | 1 |
| file a day, 5 activities (token) | 16.4 | 7.5–10.0 | 11 → 8 |
| review queue, 50 subordinates | 31.8 | 11.8–14.5 | 9 → 9 |
| team calendar, 50 × month | 142.5 | 32.6–43.3 | 10 → 10 |
| API me (token) | 10.4 | 3.8–5.6 | 3 |

The requests/s ratios of the four runs after the changes (same code, the host busy to quiet):
filing 0.18, 0.19, 0.27 and 0.16 (target 0.25), the queue 0.10 (before its rows tag), 0.16, 0.08
and 0.12 (target 0.15);
before them filing 0.17 and the queue 0.10. Both targets are met in some runs and missed in
others: not yet met.

- **Compiled queries** (`apps/core/compiled.py`): the queries every request asks are still written
  with the ORM, compiled to SQL once per process from stand-in values, then run with each request's
  values. `hierarchy.has_subordinates` went from 2.85 to 0.25 ms, the report settings from 0.59 to
  0.15, the holiday range from 0.81 to 0.22; the session, the signed-in employee with its unit, the API token
  with its user, employee and unit, the unread count, a unit head's complaint units, the filing's
  IKI lookup (one compiled query per number of ids) and the queue (one per combination of its
  filters) the same way. The queue's selector went from 14 to 5 ms. (A token's last-used UPDATE
  written as plain SQL saved 0.24 ms once a minute per token: dropped again as not worth a helper.)
- **Opening a new day** is one `INSERT ... ON CONFLICT DO NOTHING` when the day is in the filing
  window (was: a lookup, SAVEPOINT, INSERT, RELEASE): 11 statements became 8.
- **The menu** (45 reversed URLs and six permission checks, 3.5 ms) is rendered once per language,
  page and set of roles and kept; the logout form's CSRF token is put in per request.
- **Big tables in one pass**: the queue's 50 rows went from 2.5 to 0.2 ms and the team calendar's
  1,500 cells from about 100 ms to 15 ms, written by template tags from pieces escaped once per page
  (Django's template engine costs about 4 µs per variable node; `format_html` still 25 µs a cell).
- **Tried and dropped**: server-side parameter binding with prepared statements cut the queue by
  about 7 %, but pghistory prefixes each write with its context as a second statement, which a
  prepared statement refuses. Without the connection pool (persistent connections instead) a
  request cost about 1 ms less, for baseline and pages alike: kept, for its fast recovery after a
  database restart (README "Security and reliability").
- **What is left**: gunicorn's gthread worker itself (measured with one worker and one thread,
  sequential requests: the baseline costs 3.0–4.4 ms of worker CPU there against 1.0 ms through
  Django's handler alone), and per request the session and user (Django's backends; replacing the
  backend path would sign everyone out), DRF's dispatch and the nested serializer's validation of
  the filing payload, the filter form of the queue (1.2 ms).
- **Reading the ratios**: the baseline moved between 300 and 1,160 requests/s across the runs of
  this session on the same code, because this machine shares its host. When the host is busy the
  baseline slows more than the heavier pages and the ratios look better; when it is quiet they look
  worse. The worker CPU column is the steadier measure.
"""


def render(context: dict, baseline: dict, results: list[dict]) -> str:
    machine, args, data = context["machine"], context["args"], context["data"]
    low, high = context["baseline_range"]
    counts = context["queries"]["counts"]

    def cells(label, who, run, ratio, queries, verdict_text):
        db = f"{run['db_ms']:.1f}" if run.get("db_ms") is not None else "—"
        values = [label, who, f"{run['rps']:.0f}", f"{ratio:.2f}"]
        values += [f"{run[key]:.1f}" for key in ("p50_ms", "p95_ms", "p99_ms", "cpu_ms")]
        values += [db, str(queries), f"{run['rss_mib']:.0f}", verdict_text]
        return "| " + " | ".join(values) + " |"

    window = ", ".join(f"{day:%a %d %b}" for day in data["window"])
    lines = [
        START,
        "### Daily reports (`bench/bench_daily_reports.py`)",
        "",
        HOW.strip(),
        "",
        f"Measured {context['date']} by `bench/bench_daily_reports.py --duration {args['duration']}`"
        + (f" --filers {args['filers']}" if args["filers"] != 2000 else "")
        + ".",
        "",
        f"- Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['cpu']}, Python "
        f"{machine['python']}, PostgreSQL {context['postgresql']}; **load average {machine['load']:.1f} at the start, "
        f"{context['load_end']:.1f} at the end** (the machine was shared with other work: read worker CPU ms/request "
        "before requests/s).",
        f"- Server: `asn_kinerja.settings.bench`, {context['gunicorn']}, {args['workers']} workers × {args['threads']} "
        f"threads (gthread) on 127.0.0.1; Celery broker: {context['broker']}. Load: {context['wrk']}, "
        f"{args['wrk_threads']} threads, {args['connections']} connections, {args['duration']} s per run; the baseline "
        f"ran {context['baseline_runs']} times, before and after every row ({low:.0f}–{high:.0f} requests/s).",
        f"- Data: {context['database']}, built in {data['seconds']:.0f} s: {data['employees']:,} employees; the "
        f"supervisor has {TEAM_SIZE} active subordinates with approved SKPs, {data['history_days']} working days of "
        f"approved reports each and one submitted report each in the queue; {args['filers']:,} filers with tokens. "
        f"Filing window on {data['today']:%a %d %b %Y}: {window}.",
        f"- File a day: `POST {data['paths']['create']}` with 5 activities (07:30–16:00, 4 linked to the filer's "
        f"2 IKI, 1 tugas lain), a different (token, date) each time from {data['create_lines']:,} prepared ones "
        f"(`bench/lua/replay.lua`). Submit: `POST {data['paths']['submit']}` of a prepared 5-activity draft, "
        f"{data['submit_lines']:,} prepared.",
        "",
        "| row | who | requests/s | ratio to baseline | p50 ms | p95 ms | p99 ms | worker CPU ms/request "
        "| PostgreSQL CPU ms/request | queries/request | peak worker RSS MiB | threshold |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        cells(f"baseline `{BASELINE}` (mean)", "anonymous", baseline, 1.0, 1, "ERROR" if baseline["errors"] else "—"),
    ]
    for result in results:
        path = data["paths"][result["key"]]
        method = "POST" if result["key"] in ("create", "submit") else "GET"
        queries = counts.get(result["key"], "?")
        lines.append(
            cells(
                f"{result['label']} `{method} {path}`",
                result["who"],
                result,
                result["ratio"],
                queries,
                result["verdict"],
            )
        )
    lines.append("")
    for result in results:
        if "statuses" in result and result["key"] != "me":
            answers = ", ".join(f"{n:,} × {code}" for code, n in result["statuses"].items()) or "none"
            lines.append(
                f"- {result['key']}: answers {answers}; {result['used']:,} of {result['available']:,} prepared "
                f"requests used{' (RAN OUT)' if result['ran_out'] else ''}; {result.get('db_rows', 0):,} "
                f"{'reports created' if result['key'] == 'create' else 'reports submitted'} in the database "
                f"({result.get('in_flight', 0)} of them still in flight when wrk stopped, so never answered to it)."
            )
    if "create" in counts and "submit" in counts:
        lines.append(
            f"- Queries: filing a day with 5 activities {counts['create']}, submitting it "
            f"{counts['create+submit'] - counts['create']} (file + submit: {counts['create+submit']})."
        )
    if "create" in counts:
        kinds = ", ".join(f"{n} {kind}" for kind, n in context["queries"]["create_kinds"])
        lines.append(f"- Where filing a day spends its {counts['create']} queries: {kinds}.")
    split = context["queries"]["queue_split"]
    lines.append(
        f"- Queue page, CPU in this process before the run (the same machine, its load as above): the selector "
        f"{split['selector']:.1f} ms (for a user loaded afresh), the template {split['template']:.1f} ms for "
        f"{split['rows']} rows; the rest of the request is the session, the user, the roles and the middleware."
    )
    by_key = {result["key"]: result for result in results}
    if "create" in by_key and "submit" in by_key:
        pair = 1 / (1 / by_key["create"]["ratio"] + 1 / by_key["submit"]["ratio"])
        lines.append(f"- Filing a day and submitting it (two requests) together: {pair:.2f} of the baseline.")
    for problem in context["problems"]:
        lines.append(f"- **Problem:** {problem}")
    lines += context.get("notes", [])
    lines += ["", FINDINGS.strip()]
    lines.append(END)
    return "\n".join(lines)


def write_readme(section: str) -> None:
    harness.write_readme_section(START, END, section, after="<!-- import:end -->")


def main() -> int:
    args = parse_args()
    harness.require_wrk()
    os.chdir(harness.BASE)
    rows = [row for row in ROWS if args.only in row[0] or args.only in row[1]]
    if not rows:
        raise SystemExit(f"no row matches --only {args.only!r}")
    machine = harness.machine()  # before we load it: the 1-minute load average shows other work
    url, description = harness.database_url()  # holds the embedded server until we exit
    daily_url = harness.fresh_database(url, DAILY_DB)
    tmp = Path(tempfile.mkdtemp(prefix="sikap-bench-daily-"))
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: sys.exit(128 + signal.SIGTERM))
    redis, notes = None, []
    if shutil.which("redis-server") is None and any(row[0] == "submit" for row in rows):
        # Without a broker of its own, a submission's notification would reach the development
        # broker (.run/broker), and a development worker would act on it: leave that row out.
        rows = [row for row in rows if row[0] != "submit"]
        notes.append("- **submit not measured**: redis-server is not installed (`apt-get install redis-server`).")
    try:
        redis = PrivateRedis(tmp) if shutil.which("redis-server") else None
        env = {
            "DATABASE_URL": daily_url,
            "REDIS_URL": redis.url if redis else "",  # never the caller's Redis
            "DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.bench",
            "STATIC_ROOT": str(tmp / "static"),
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DB_POOL": "true",
        }
        os.environ.update(env)
        env = dict(os.environ)
        print(f"Database: {description.replace(harness.BENCH_DB, DAILY_DB)} (fresh)")
        for command in (
            ["migrate", "--no-input", "-v", "0"],
            ["createcachetable"],
            ["collectstatic", "--no-input", "-v", "0"],
        ):
            subprocess.run([sys.executable, "manage.py", *command], env=env, check=True)

        import django

        django.setup()
        from django.db import connections

        from apps.core import outbox

        outbox.dispatch = lambda message_id, *, app=None: True  # the setup's submissions notify nobody

        data = prepare(args.filers, tmp)
        print(
            f"Data built in {data['seconds']:.1f} s: {data['employees']} employees, "
            f"{data['create_lines']} filing and {data['submit_lines']} submit requests prepared"
        )
        queries = count_queries(data)
        print(f"Queries per request: {queries['counts']}")
        print(f"Filing request by kind: {queries['create_kinds']}")
        print(f"Queue page, in-process CPU ms: {queries['queue_split']}")
        connections.close_all()
        baselines, results, peak = measure_all(args, env, tmp, data, rows)
        problems = check_database(data, results, args.connections)
    finally:
        if redis is not None:
            redis.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    keys = ("rps", "p50_ms", "p95_ms", "p99_ms", "cpu_ms")
    baseline = {key: statistics.mean(run[key] for run in baselines) for key in keys}
    db_runs = [run["db_ms"] for run in baselines if run["db_ms"] is not None]
    baseline["db_ms"] = statistics.mean(db_runs) if db_runs else None
    baseline["rss_mib"] = max(run["rss_mib"] for run in baselines)
    baseline["errors"] = sum(run["errors"] + run["non_2xx"] for run in baselines)
    for result in results:
        result["verdict"] = verdict(result)
    context = {
        "date": datetime.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB"),
        "machine": machine,
        "load_end": os.getloadavg()[0],
        "postgresql": harness.scalar(daily_url, "SHOW server_version"),
        "database": description.replace(harness.BENCH_DB, DAILY_DB),
        "gunicorn": harness.tool_version([str(Path(sys.executable).parent / "gunicorn"), "--version"]),
        "wrk": harness.tool_version(["wrk", "-v"]).split(" [")[0],
        "args": vars(args),
        "peak_rss_mib": peak,
        "baseline_runs": len(baselines),
        "baseline_range": (min(run["rps"] for run in baselines), max(run["rps"] for run in baselines)),
        "data": {key: value for key, value in data.items() if key not in ("spares", "filer_ids", "password")},
        "queries": queries,
        "problems": problems,
        "notes": notes,
        "broker": "a private redis-server on loopback" if redis else "none of its own (submit left out)",
    }
    section = render(context, baseline, results)
    print("\n" + section)
    OUT.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y%m%d-%H%M%S")
    raw = {"context": context, "baseline": baseline, "baseline_runs": baselines, "results": results}
    (OUT / f"daily-{stamp}.json").write_text(json.dumps(raw, indent=2, default=str))
    if not args.no_readme:
        write_readme(section)
        print(f"Results written to {README.relative_to(harness.BASE)}")
    failed = [r for r in results if r["verdict"].startswith(("FAIL", "ERROR"))] or baseline["errors"] or problems
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
