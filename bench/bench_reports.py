"""`make bench` step: the monthly PDF batch (issue 6, "Speed").

Target: the batch for 20,000 employees plus every unit and the city summary in at most 30 minutes
on 2 cores, with the workers' memory flat after the first 1,000 documents. The naive way (one
WeasyPrint document per employee) was quoted at about 0.45 s per PDF.

1. Database `sikap_bench_reports` (dropped and created unless --reuse), migrated, `seed_demo
   --employees N` (default 2,000); then, in bulk (COPY): the previous month's evaluation period,
   one finalised evaluation per approved SKP (achievement from the SKP's real realisation,
   ratings spread like a real city, seven BerAKHLAK ratings) and about 90 % of the month's daily
   reports, so the compliance queries have rows to count.
2. One bare render of the employee template (template + WeasyPrint, one document, no database),
   measured here: one warm-up, then the median of 7.
3. A private redis-server on loopback and a real Celery worker (`--pool prefork -c 2`, bench
   settings, files into a temporary MEDIA_ROOT); the batch starts through the service (outbox ->
   dispatcher -> one task per unit + the city). Sampled every 0.5 s: documents done and the RSS of
   each pool process.
4. Checks every expected document exists once, prints the table and rewrites the section between
   the reports markers of bench/README.md. `--employees 20000` runs the full size (about 25 min
   with the setup); the default extrapolates linearly and says so.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for its imports

import psutil

from bench import harness

DB = "sikap_bench_reports"
README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- reports:start -->", "<!-- reports:end -->"
TARGET_MINUTES, TARGET_EMPLOYEES = 30, 20000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=2000, help="demo employees (default 2000; 20000 = full)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run (same N)")
    parser.add_argument("--timeout", type=int, default=3600, help="give up after this many seconds")
    parser.add_argument("--no-readme", action="store_true", help="print the results, leave bench/README.md alone")
    return parser.parse_args()


class PrivateRedis:
    """redis-server on a free loopback port, nothing saved, in its own process group."""

    def __init__(self, folder: Path):
        if shutil.which("redis-server") is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server).")
        self.port = harness.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [*command, "--dir", str(folder)], stdout=subprocess.DEVNULL, start_new_session=True
        )
        for _ in range(150):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def existing_database(url: str, name: str) -> str | None:
    """The URL of database ``name`` on the server behind ``url``, when it exists."""
    import psycopg

    base, _, query = url.partition("?")
    server, suffix = base.rpartition("/")[0], f"?{query}" if query else ""
    with psycopg.connect(f"{server}/postgres{suffix}", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return f"{server}/{name}{suffix}" if found else None


# --- Data ------------------------------------------------------------------------------------------
def _breakdown(result) -> dict:
    """The shape apps.evaluations.services.evaluation._measure freezes at finalisation."""

    def text(value):
        return str(value) if value is not None else None

    return {
        "explanation": result.explanation,
        "rhk": [
            {
                "text": r.text,
                "kind": r.kind,
                "percent": text(r.percent),
                "iki": [
                    {
                        "text": i.text,
                        "unit": i.unit,
                        "target": text(i.target),
                        "realisation": text(i.realisation),
                        "percent": text(i.percent),
                        "explanation": i.explanation,
                    }
                    for i in r.iki
                ],
            }
            for r in result.rhk
        ],
    }


FEEDBACK = [
    "Pertahankan ketelitian dan kecepatan layanan.",
    "Perlu meningkatkan ketepatan waktu pelaporan.\nIkuti bimbingan teknis penyusunan laporan.",
    "Kinerja baik; bantu rekan kerja yang baru bergabung.",
    "Tingkatkan koordinasi dengan bidang lain & dokumentasikan hasil <rapat>.",
]


def finalise_in_bulk(period) -> dict:
    """One finalised evaluation per approved SKP of the period's year, written with COPY."""
    from django.db import transaction
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from apps.core import bulk
    from apps.daily_reports.models import DailyReport
    from apps.evaluations.models import BehaviourRating, Evaluation
    from apps.evaluations.predicate import predicate_for
    from apps.evaluations.reports.selectors import working_days
    from apps.indicators.berakhlak import CoreValue
    from apps.indicators.models import Skp
    from apps.indicators.selectors.achievement import skp_results

    rng, now = random.Random(2026), timezone.now()
    skps = list(Skp.objects.filter(year=period.year, approved_at__isnull=False).select_related("employee"))
    results = {}
    for start in range(0, len(skps), 2000):
        results.update(skp_results(skps[start : start + 2000], period=period.number))
    ids = bulk.new_ids(Evaluation, len(skps))
    evaluations, behaviours = [], []
    for pk, skp in zip(ids, skps, strict=True):
        result = results[skp.pk]
        proposal = result.proposal or "sesuai"
        hasil = proposal if rng.random() < 0.9 else rng.choice(["di_atas", "sesuai", "di_bawah"])
        perilaku = rng.choices(["di_atas", "sesuai", "di_bawah"], weights=[12, 80, 8])[0]
        status = rng.choices(["final", "acknowledged"], weights=[30, 70])[0]
        reason = "" if hasil == proposal else "Penyesuaian pejabat penilai."
        row = (pk, skp.employee_id, period.pk, skp.pk, skp.employee.supervisor_id, status, result.percent, proposal)
        row += (
            hasil,
            reason,
            perilaku,
            predicate_for(hasil, perilaku),
            rng.choice(FEEDBACK),
            Jsonb(_breakdown(result)),
        )
        evaluations.append((*row, now, period.ends_on + datetime.timedelta(days=14)))
        behaviours += [(pk, value, rng.choices(["di_atas", "sesuai"], [15, 85])[0], "") for value in CoreValue.values]
    fields = ["id", "employee", "period", "skp", "evaluator", "status", "achievement", "proposed_rating"]
    fields += ["rating_hasil", "rating_reason", "rating_perilaku", "predicate", "feedback", "breakdown"]
    fields += ["finalised_at", "objection_deadline"]
    days = working_days(period)
    seeded = DailyReport.objects.filter(date__range=(period.starts_on, period.ends_on)).exists()  # seed_demo's
    reports = (
        ()
        if seeded
        else (
            (skp.employee_id, day, "approved" if rng.random() < 0.95 else "submitted", now)
            for skp in skps
            for day in days
            if rng.random() < 0.9
        )
    )
    with transaction.atomic(), bulk.history_written_after([Evaluation]):
        bulk.copy(Evaluation, fields, evaluations)
        bulk.copy(BehaviourRating, ["evaluation", "value", "rating", "note"], behaviours)
        filed = bulk.copy(DailyReport, ["employee", "date", "status", "submitted_at", "return_note"],
                          ((*row, "") for row in reports))  # fmt: skip
    filed = filed or DailyReport.objects.filter(date__in=days, status__in=["approved", "submitted"]).count()
    return {"evaluations": len(evaluations), "daily_reports": filed, "working_days": len(days)}


def prepare(args, env) -> dict:
    import django

    os.environ.update(env)
    for command in (["migrate", "--no-input", "-v", "0"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, check=True)
    django.setup()
    from apps.employees.models import Employee
    from apps.evaluations.models import Evaluation, EvaluationPeriod
    from apps.evaluations.reports.models import GeneratedReport, ReportBatch

    started = time.monotonic()
    if not Employee.objects.exists():
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo", "--employees", str(args.employees)], env=env, check=True
        )
    today = datetime.date.today()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    period, _ = EvaluationPeriod.objects.get_or_create(
        year=last.year, kind="periodic", number=last.month, count=12,
        defaults={"starts_on": last.replace(day=1), "ends_on": last},
    )  # fmt: skip
    data = {"employees": Employee.objects.filter(is_active=True).count()}
    if not Evaluation.objects.filter(period=period).exists():
        data |= finalise_in_bulk(period)
    GeneratedReport.objects.all().delete()
    ReportBatch.objects.all().delete()
    data |= {"seconds": time.monotonic() - started, "period": period, "evaluations": period.evaluations.count()}
    return data


# --- Measuring -------------------------------------------------------------------------------------
def bare_render(period) -> dict:
    """One employee document alone: build the part, wrap it, one WeasyPrint document, one PDF."""
    from django.utils import timezone

    from apps.evaluations.models import Evaluation
    from apps.evaluations.reports import builders, pdf

    evaluations = builders.evaluations_for_reports(Evaluation.objects.filter(period=period).order_by("pk")[:1])
    stamp = builders.Stamp("BENCH-BARE-RENDER", timezone.now())
    parts, _errors = builders.employee_parts(evaluations, {evaluations[0].pk: stamp})
    html = builders.document_html(list(parts.values()), title="bench")
    cpu, wall = [], []
    for _ in range(8):
        t0, c0 = time.perf_counter(), time.process_time()
        pdf.render_pdf(html, title="bench", created=stamp.generated_at)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"cpu": statistics.median(cpu[1:]), "wall": statistics.median(wall[1:])}


def start_worker(env, concurrency, log_path: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "asn_kinerja", "worker", "--pool", "prefork"]
    command += ["-c", str(concurrency), "-l", "warning", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    command += ["-n", f"bench-{secrets.token_hex(4)}@%h"]
    return subprocess.Popen(command, cwd=harness.BASE, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip


def run_batch(worker, period, timeout) -> dict:
    from django.db import transaction

    from apps.evaluations.reports import services
    from apps.evaluations.reports.models import ReportBatch

    while len(psutil.Process(worker.pid).children()) < 1:
        time.sleep(0.2)
    time.sleep(3)  # the pool processes import Django
    children = psutil.Process(worker.pid).children()
    cpu0 = sum(sum(p.cpu_times()[:2]) for p in children)
    started = time.monotonic()
    with transaction.atomic():
        batch = services.batch_start(actor=None, period=period)
    samples = []
    while time.monotonic() - started < timeout:
        row = ReportBatch.objects.get(pk=batch.pk)
        rss = {p.pid: p.memory_info().rss for p in children if p.is_running()}
        samples.append((time.monotonic() - started, row.done + row.failed, rss))
        if row.status == "finished":
            break
        if worker.poll() is not None:
            raise RuntimeError("the worker exited; see its log")
        time.sleep(0.5)
    wall = time.monotonic() - started
    cpu = sum(sum(p.cpu_times()[:2]) for p in children) - cpu0
    return {"batch": ReportBatch.objects.get(pk=batch.pk), "wall": wall, "cpu": cpu, "samples": samples}


def memory(samples) -> dict:
    """Largest pool-process RSS (MiB) up to the 1,000th document and after it, and at the end."""
    mib = 2**20
    before = [max(rss.values()) for _t, done, rss in samples if done <= 1000 and rss]
    after = [max(rss.values()) for _t, done, rss in samples if done > 1000 and rss]
    timeline = [
        (round(t), done, round(max(rss.values()) / mib)) for t, done, rss in samples[:: max(1, len(samples) // 12)]
    ]
    return {
        "first_1000": max(before) / mib if before else None,
        "after_1000": max(after) / mib if after else None,
        "end": max(samples[-1][2].values()) / mib if samples[-1][2] else None,
        "timeline": timeline,
    }


def check(period) -> list[str]:
    from django.core.files.storage import default_storage
    from django.db.models import Count

    from apps.evaluations.reports.models import GeneratedReport
    from apps.evaluations.reports.selectors import FINALISED

    problems = []
    expected = period.evaluations.filter(status__in=FINALISED).count()
    made = GeneratedReport.objects.filter(period=period, kind="employee")
    if made.count() != expected:
        problems.append(f"{made.count()} employee documents for {expected} evaluations")
    twice = made.values("employee").annotate(n=Count("id")).filter(n__gt=1).count()
    if twice:
        problems.append(f"{twice} employees with more than one document")
    sample = made.order_by("?").first()
    if sample and default_storage.open(sample.file.name).read(4) != b"%PDF":
        problems.append("a stored file is not a PDF")
    return problems


# --- Report ----------------------------------------------------------------------------------------
def render(context) -> str:
    r, bare, mem = context["run"], context["bare"], context["memory"]
    b = r["batch"]
    docs, employees = b.done + b.failed, context["data"]["evaluations"]
    cores = context["args"].concurrency
    ideal = employees * bare["cpu"] / cores
    full = context["args"].employees >= TARGET_EMPLOYEES
    projected = r["wall"] if full else r["wall"] * TARGET_EMPLOYEES / max(employees, 1)
    verdict = "PASS" if projected <= TARGET_MINUTES * 60 and not context["problems"] else "FAIL"
    how = (
        "measured"
        if full
        else f"extrapolated linearly from {employees:,} employees ×{TARGET_EMPLOYEES / employees:.1f}"
    )
    m = context["machine"]
    lines = [
        START,
        f"### Monthly PDF batch ({context['date']})",
        "",
        f"- Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}, Python {m['python']}, "
        f"load {m['load']:.1f} at start. Worker: Celery prefork, {cores} processes; broker: private redis-server.",
        f"- Data: {context['data']['employees']:,} employees, {employees:,} finalised evaluations, "
        f"{len(b.units)} units, {context['data'].get('daily_reports', 0):,} daily reports (set up in "
        f"{context['data']['seconds']:.0f} s).",
        f"- Batch: **{docs:,} documents** ({employees:,} employee + {len(b.units)} unit + 1 city) in "
        f"**{r['wall']:.0f} s** wall, {b.failed} failed; {r['wall'] * cores / docs * 1000:.0f} ms of a core per "
        f"document (wall × {cores} / documents), {r['cpu'] / docs * 1000:.0f} ms worker CPU per document.",
        f"- Bare render of the employee template (one document alone, no database): "
        f"{bare['cpu'] * 1000:.0f} ms CPU ({bare['wall'] * 1000:.0f} ms wall). {employees:,} bare renders on {cores} "
        f"cores would take {ideal:.0f} s: the batch took **{r['wall'] / ideal:.2f}×** that "
        f"({r['wall'] - ideal:+.0f} s: unit and city documents, database, storage, splitting).",
        f"- {TARGET_EMPLOYEES:,} employees: **{projected / 60:.1f} min** ({how}); target ≤ {TARGET_MINUTES} min: "
        f"**{verdict}**.",
        f"- Memory (largest pool process RSS): {_mib(mem['first_1000'])} up to the 1,000th document, "
        f"{_mib(mem['after_1000'])} after it, {_mib(mem['end'])} at the end. Timeline (s, documents, MiB): "
        + ", ".join(f"{t}/{d}/{mb}" for t, d, mb in mem["timeline"]),
        f"- Checks: {'; '.join(context['problems']) or 'every finalised evaluation has exactly one document'}.",
        END,
    ]
    return "\n".join(lines)


def _mib(value) -> str:
    return "–" if value is None else f"{value:.0f} MiB"


def write_readme(section: str) -> None:
    text = README.read_text()
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text)


def main() -> int:
    args = parse_args()
    os.chdir(harness.BASE)
    machine = harness.machine()
    url, _description = harness.database_url()
    db_url = existing_database(url, DB) if args.reuse else None
    db_url = db_url or harness.fresh_database(url, DB)
    tmp = Path(tempfile.mkdtemp(prefix="sikap-bench-reports-"))
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: sys.exit(128 + signal.SIGTERM))
    redis = worker = None
    try:
        redis = PrivateRedis(tmp)
        env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis.url, "MEDIA_ROOT": str(tmp / "media")}
        env |= {"DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.bench", "STATIC_ROOT": str(tmp / "static")}
        env |= {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DB_POOL": "false"}
        data = prepare(args, env)
        print(f"Data ready in {data['seconds']:.0f} s: {data['evaluations']} evaluations")
        bare = bare_render(data["period"])
        print(f"Bare render: {bare['cpu'] * 1000:.0f} ms CPU")
        worker = start_worker(env, args.concurrency, tmp / "worker.log")
        run = run_batch(worker, data["period"], args.timeout)
        problems = check(data["period"])
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)  # our own group, started above
        if redis is not None:
            redis.stop()
        log = tmp / "worker.log"
        if log.exists() and log.stat().st_size:
            print("worker log (tail):\n" + log.read_text()[-3000:])
        shutil.rmtree(tmp, ignore_errors=True)
    date = datetime.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB")
    context = {"date": date, "machine": machine, "args": args, "data": data, "bare": bare, "run": run}
    context |= {"memory": memory(run["samples"]), "problems": problems}
    section = render(context)
    print("\n" + section)
    if not args.no_readme:
        write_readme(section)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
