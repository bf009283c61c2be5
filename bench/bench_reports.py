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
import json
import os
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
OUT = Path(__file__).resolve().parent / "out"
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
        from bench.reports_data import finalise_in_bulk

        data |= finalise_in_bulk(period)
    GeneratedReport.objects.all().delete()
    ReportBatch.objects.all().delete()
    from apps.daily_reports.models import DailyReport
    from apps.evaluations.reports.selectors import FILED, FINALISED

    days = (period.starts_on, period.ends_on)
    data |= {"seconds": time.monotonic() - started, "period": period, "reused": args.reuse}
    data["evaluations"] = period.evaluations.filter(status__in=FINALISED).count()
    data["daily_reports"] = DailyReport.objects.filter(date__range=days, status__in=FILED).count()
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
    pool: dict = {}  # {pid: (CPU at first sight, CPU now)}: a pool process that is replaced still counts
    pool_cpu(worker, pool)
    started = time.monotonic()
    with transaction.atomic():
        batch = services.batch_start(actor=None, period=period)
    samples, database = [], {}
    while time.monotonic() - started < timeout:
        database_cpu(database)
        row = ReportBatch.objects.get(pk=batch.pk)
        rss = pool_cpu(worker, pool)
        samples.append((time.monotonic() - started, row.done + row.failed, rss))
        if row.status == "finished":
            break
        if worker.poll() is not None:
            raise RuntimeError("the worker exited; see its log")
        time.sleep(0.5)
    wall = time.monotonic() - started
    pool_cpu(worker, pool)
    database_cpu(database)
    cpu = sum(last - first for first, last in pool.values())
    db_cpu = sum(last - first for first, last in database.values())
    result = {"batch": ReportBatch.objects.get(pk=batch.pk), "wall": wall, "cpu": cpu, "samples": samples}
    return result | {"db_cpu": db_cpu, "load_end": os.getloadavg()[0], "pool_processes": len(pool)}


def pool_cpu(worker, seen: dict) -> dict:
    """Update {pid: (CPU at first sight, CPU now)} of the worker's pool processes (read anew each
    time: Celery replaces one that dies); returns {pid: RSS} of those alive."""
    rss = {}
    for process in psutil.Process(worker.pid).children():
        try:
            used = sum(process.cpu_times()[:2])
            rss[process.pid] = process.memory_info().rss
        except psutil.Error:
            continue
        seen[process.pid] = (seen.get(process.pid, (used, used))[0], used)
    return rss


def database_cpu(seen: dict) -> None:
    """{pid: (CPU at first sight, CPU now)} of the PostgreSQL backends serving the bench database."""
    for process in psutil.process_iter(["cmdline"]):
        title = (process.info.get("cmdline") or [""])[0]
        if title.startswith("postgres: ") and f" {DB} " in title:
            try:
                used = sum(process.cpu_times()[:2])
            except psutil.Error:
                continue
            seen[process.pid] = (seen.get(process.pid, (used, used))[0], used)


def memory(samples) -> dict:
    """Largest pool-process RSS (MiB) up to the 1,000th document and after it, and at the end."""
    mib = 2**20
    samples = [sample for sample in samples if sample[2]]  # a sample between a pool process and its successor
    before = [max(rss.values()) for _t, done, rss in samples if done <= 1000]
    after = [max(rss.values()) for _t, done, rss in samples if done > 1000]
    timeline = [
        (round(t), done, round(max(rss.values()) / mib)) for t, done, rss in samples[:: max(1, len(samples) // 12)]
    ]
    first, later = (max(before) / mib if before else None), (max(after) / mib if after else None)
    return {
        "first_1000": first,
        "after_1000": later,
        # flat: after the 1,000th document no process grew more than 10 % above its peak until then
        "flat": None if first is None or later is None else later <= first * 1.10,
        "end": max(samples[-1][2].values()) / mib if samples else None,
        "timeline": timeline,
    }


def check(period) -> list[str]:
    from django.core.files.storage import default_storage
    from django.db.models import Count

    from apps.evaluations.reports.models import GeneratedReport, ReportBatch
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
    batch = ReportBatch.objects.get(period=period)  # not period.report_batch: cached before the run
    units = GeneratedReport.objects.filter(period=period, kind="unit").count()
    if units != len(batch.units):
        problems.append(f"{units} unit documents for {len(batch.units)} units")
    if GeneratedReport.objects.filter(period=period, kind="city").count() != 1:
        problems.append("no city summary")
    if batch.failed:
        problems.append(f"{batch.failed} documents failed")
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
    data = context["data"]
    setup = "database of an earlier run" if data["reused"] else f"set up in {data['seconds']:.0f} s"
    lines = [
        START,
        f"### Monthly PDF batch ({context['date']})",
        "",
        "`bench/bench_reports.py` (see its docstring; `--employees 20000` for the full size). How the batch is",
        "made fast (`apps/evaluations/reports/batch.py`, `pdf.py`): one task per unit renders its members in chunks",
        "of 20 people per WeasyPrint document, cuts the rendered pages at each person's anchor and writes each part",
        "as its own PDF with `document.copy(pages).write_pdf()`. Nothing in a part singles it out for WeasyPrint's",
        "style cache (no per-part page rule, no id on an element with children, no inline style), so the twenty",
        "people share their computed styles; each part is a page group of one page name and numbers its own pages,",
        "and a part longer than the one page it promises is rendered again alone. WeasyPrint's HTML stylesheet",
        "without its rules for every element's ::marker, ::footnote-* and ::note-* (six unused styles per",
        "element); no SVG image in the shared image cache (it held a whole document alive); whitespace next to",
        "block tags dropped before parsing; the collector paused while a chunk renders and run once after it,",
        "malloc_trim after it; system fonts, fixed table layouts, short SVG labels. A unit of more than 300",
        "members is laid out in pieces of at most 300 rows, one WeasyPrint document at a time, and the pieces'",
        "PDFs joined (pypdf), so no worker holds a 40-page layout.",
        "",
        f"- Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}, Python {m['python']}, "
        f"load {m['load']:.1f} at start. Worker: Celery prefork, {cores} processes"
        + (f" ({r['pool_processes'] - cores} replaced during the run)" if r["pool_processes"] > cores else "")
        + "; broker: private redis-server.",
        f"- Data: {context['data']['employees']:,} employees, {employees:,} finalised evaluations, "
        f"{len(b.units)} units, {context['data']['daily_reports']:,} submitted or approved daily reports in the "
        f"month ({setup}).",
        f"- Batch: **{docs:,} documents** ({employees:,} employee + {len(b.units)} unit + 1 city) in "
        f"**{r['wall']:.0f} s** wall, {b.failed} failed; {r['wall'] * cores / docs * 1000:.0f} ms of a core per "
        f"document (wall × {cores} / documents), {r['cpu'] / docs * 1000:.0f} ms worker CPU per document.",
        f"- Bare render of the employee template (one document alone, no database): "
        f"{bare['cpu'] * 1000:.0f} ms CPU ({bare['wall'] * 1000:.0f} ms wall). {employees:,} bare renders on {cores} "
        f"cores would take {ideal:.0f} s: the batch took **{r['wall'] / ideal:.2f}×** that "
        f"({r['wall'] - ideal:+.0f} s: unit and city documents, database, storage, splitting). In CPU, which other "
        f"work on a shared machine disturbs less: the workers used {r['cpu']:.0f} s against "
        f"{employees * bare['cpu']:.0f} s for {employees:,} bare renders, "
        f"**{r['cpu'] / max(employees * bare['cpu'], 1e-9):.2f}×**.",
        f"- {TARGET_EMPLOYEES:,} employees: **{projected / 60:.1f} min** ({how}); target ≤ {TARGET_MINUTES} min: "
        f"**{verdict}**. The machine was shared (load {m['load']:.1f} at the start, {r['load_end']:.1f} at the end): "
        f"the workers used {r['cpu']:.0f} s of CPU and PostgreSQL {r['db_cpu']:.0f} s, so on {cores} cores of its own "
        f"the same batch needs about {(r['cpu'] + r['db_cpu']) / cores / 60:.1f} min"
        + (
            ""
            if employees >= TARGET_EMPLOYEES
            else f", or {(r['cpu'] + r['db_cpu']) / cores / 60 * TARGET_EMPLOYEES / employees:.1f} min scaled to "
            f"{TARGET_EMPLOYEES:,} employee documents"
        )
        + ".",
        f"- Memory (largest pool process RSS): {_mib(mem['first_1000'])} up to the 1,000th document, "
        f"{_mib(mem['after_1000'])} after it, {_mib(mem['end'])} at the end: "
        + {True: "**flat** (PASS)", False: "**grows** (FAIL)", None: "fewer than 1,000 documents: not judged"}[
            mem["flat"]
        ]
        + ". Timeline (s, documents, MiB): "
        + ", ".join(f"{t}/{d}/{mb}" for t, d, mb in mem["timeline"]),
        f"- Checks: {'; '.join(context['problems']) or 'every finalised evaluation has exactly one document'}.",
        END,
    ]
    return "\n".join(lines)


def _mib(value) -> str:
    return "–" if value is None else f"{value:.0f} MiB"


def write_readme(section: str) -> None:
    harness.write_readme_section(START, END, section)


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
            text = log.read_text()
            trouble = [line for line in text.splitlines() if "Error" in line or "exited" in line]
            print("worker log (errors):\n" + "\n".join(trouble[:30]) + "\nworker log (tail):\n" + text[-3000:])
        shutil.rmtree(tmp, ignore_errors=True)
    date = datetime.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB")
    context = {"date": date, "machine": machine, "args": args, "data": data, "bare": bare, "run": run}
    context |= {"memory": memory(run["samples"]), "problems": problems}
    section = render(context)
    print("\n" + section)
    OUT.mkdir(exist_ok=True)
    b = run["batch"]
    raw = {"date": date, "machine": machine, "employees": args.employees, "bare": bare, "memory": context["memory"]}
    raw |= {key: run[key] for key in ("wall", "cpu", "db_cpu", "load_end", "pool_processes")}
    raw |= {"done": b.done, "failed": b.failed, "total": b.total, "units": len(b.units), "problems": problems}
    (OUT / f"reports-{date[:16].replace(' ', '-').replace(':', '')}.json").write_text(json.dumps(raw, indent=2))
    if not args.no_readme:
        write_readme(section)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
