"""`make bench` step: load (issue 14). Locust, headless, 10 minutes at three times the morning peak
of a city of 20,000 employees: 70 % of the users file a report with a 1 MB evidence file, 25 % are
supervisors reviewing, 5 % read the city dashboard or are citizens (bench/locustfile.py). Targets:
zero errors, p95 under 500 ms (uploads under 1.5 s), the Celery queue drained within 2 minutes of
the end; the sustained requests/s is reported as a ratio to the one-query baseline view measured in
the same run, before and after the load (the rule of bench/run.py).

1. Database `sikap_bench_load` (`--database`) on the server of DATABASE_URL, or of the embedded
   PostgreSQL: dropped, created, migrated and seeded with `seed_demo --employees N --months M`
   (default 20,000 and 1: the full 12 months take about 52 minutes and change the row counts of
   the daily reports only), unless `--reuse` finds it seeded. Migrated in either case.
2. The bench teams beside the demo city (bench/load_data.py): one supervisor per reviewing user,
   enough members for every filing of the run, one password hashed by the project's hasher; then
   every run starts from the same morning (no bench report, a backlog in every queue).
3. A Celery worker (`--concurrency 2`, as docker-compose.yml's) on the machine's Redis, database 7
   (`--redis-url`; emptied first); gunicorn as docker-compose.yml's web service runs it (`--workers 3`,
   sync) with `asn_kinerja.settings.bench`: DEBUG off, psycopg pool, MFA not enforced (supervisors
   and readers sign in once a run, so TOTP would add one request each), X-Forwarded-For trusted as
   behind the production proxy, so that every office and citizen has its own address.
4. The baseline with wrk at as many connections as Locust has users; then Locust for `--minutes`;
   then the time until the Celery queue, the messages in flight and the outbox are all empty; then
   the baseline again. CPU of gunicorn, PostgreSQL, Celery and Locust is sampled every 2 s.
5. Prints the section and writes it between the load markers of bench/README.md (not with `--dry`:
   a 30-second smoke run at 20 users, pacing 15 s, unless --minutes/--users/--pacing say otherwise).
   Locust's CSVs and the gunicorn log go to bench/out/load-<time>*.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for its imports

import psutil

from bench import harness, load_report
from bench.bench_reports import existing_database, start_worker

OUT = Path(__file__).resolve().parent / "out"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
BASELINE = "/bench/baseline/"

# --- The rate (README "The rate"): the city, its morning peak, three times it ----------------
CITY = 20_000  # employees of the city
PRESENT = 0.90  # share of them at work and filing on a working day
PEAK_SHARE = 0.50  # share of the day's reports filed in the morning peak ...
PEAK_MINUTES = 90  # ... 07:30-09:00 WIB, the first 90 minutes of the working day
FACTOR = 3
MIX = {"filer": 0.70, "reviewer": 0.25, "reader": 0.05}  # the users
FILER_PACING = 60  # s: a filer starts a visit (a new employee) every minute; think times ~45 % of it
READER_PACING = 30  # s between a reader's visits (the dashboard, or one citizen)
THINK = {"login": 2, "home": 3, "typing": 8, "file": 5, "submit": 3, "review": 5}  # s, at FILER_PACING
FILER_THINK = THINK["login"] + THINK["home"] + 2 * THINK["typing"] + THINK["file"] + THINK["submit"]
COMPLAINT_FILL = 5  # s between the complaint form and its POST (FeedbackSettings.min_fill_seconds is 4)
RETURN_SHARE = 0.10  # of the reviewed reports returned with a note
BACKLOG = 10  # reports a team submitted the working day before, waiting when the run starts
# requests of one visit (bench/locustfile.py): sign in 3, /laporan/ 1, the day page 4, draft,
# activity, upload, submit 4; a review: the report, the decision, the queue; a citizen 7; the dashboard 1
REQUESTS = {"filer": 12, "review": 3, "citizen": 7, "dashboard": 1}
CITIZEN_TURNS = 3 / 5  # of a reader's visits (Reader.TURNS)
CONSTANTS = ("CITY", "PRESENT", "PEAK_SHARE", "PEAK_MINUTES", "FACTOR", "MIX", "FILER_PACING", "READER_PACING",
             "FILER_THINK", "RETURN_SHARE", "BACKLOG", "REQUESTS")  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, help="length of the Locust run (default 10; 0.5 with --dry)")
    parser.add_argument("--users", type=int, help="Locust users (default: three times the peak; 20 with --dry)")
    parser.add_argument("--pacing", type=float, help=f"s between a filer's visits (default {FILER_PACING}; 15 --dry)")
    parser.add_argument("--reuse", action="store_true", help="keep the database when it is seeded already")
    parser.add_argument("--employees", type=int, default=CITY, help=f"seed_demo --employees (default {CITY})")
    parser.add_argument("--months", type=int, default=1, help="seed_demo --months (default 1)")
    parser.add_argument("--database", default="sikap_bench_load", help="database name (default sikap_bench_load)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7", help="Celery broker (emptied first)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, docker-compose.yml)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker; >1 uses gthread (default 1: sync)")
    parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes (default 2)")
    parser.add_argument("--baseline-seconds", type=int, default=10, help="each wrk run of the baseline (default 10)")
    parser.add_argument("--evidence", choices=("pdf", "jpeg"), default="pdf", help="the 1 MB file (default pdf)")
    parser.add_argument("--dry", action="store_true", help="smoke run: print the section, leave the README alone")
    args = parser.parse_args()
    dry = {"minutes": 0.5, "users": 20, "pacing": 15} if args.dry else {"minutes": 10, "users": None}
    for name, value in {"pacing": FILER_PACING, **dry}.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def plan_rate(users: int | None, filer_pacing: float, minutes: float) -> dict:
    """Users of each class, their pacing and the requests/s they add up to (module constants);
    ``users`` None: three times the peak."""
    peak = CITY * PRESENT * PEAK_SHARE / (PEAK_MINUTES * 60)  # filings per second at the real peak
    users = users or math.ceil(FACTOR * peak * filer_pacing / MIX["filer"])
    filers = max(1, round(users * MIX["filer"]))
    reviewers = max(1, round(users * MIX["reviewer"]))
    readers = max(1, users - filers - reviewers)
    filings = filers / filer_pacing  # per second
    scale = filer_pacing / FILER_PACING
    pacing = {"filer": filer_pacing, "reviewer": reviewers / filings, "reader": READER_PACING * scale}
    reader_visits = readers / pacing["reader"]
    per_class = {
        "filer": filings * REQUESTS["filer"],
        "reviewer": filings * REQUESTS["review"],  # the reviewers' pacing makes them keep up with the filings
        "reader": reader_visits * (CITIZEN_TURNS * REQUESTS["citizen"] + (1 - CITIZEN_TURNS) * REQUESTS["dashboard"]),
    }
    return {
        "peak_filings": peak,
        "filings": filings,
        "times_peak": filings / peak,
        "users": {"filer": filers, "reviewer": reviewers, "reader": readers},
        "total_users": filers + reviewers + readers,
        "pacing": pacing,
        "think": {name: seconds * scale for name, seconds in THINK.items()},
        "reader_visits": reader_visits,
        "target_rps": per_class,
        "target_total": sum(per_class.values()),
        "seconds": minutes * 60,
        "ramp": min(filer_pacing, minutes * 60 / 4),
    }


def now() -> str:
    return datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB")


# --- Database -------------------------------------------------------------------------------------
def database(args: argparse.Namespace, env: dict) -> tuple[str, str, dict | None]:
    """(URL, description, seed note) of the bench database: reused when --reuse finds it seeded,
    else built."""
    url, description = harness.database_url()
    server = "the server of DATABASE_URL" if description == "DATABASE_URL" else "the embedded PostgreSQL (.pgdata/)"
    description = f"database {args.database} on {server}"
    note_path = OUT / f"load-seed-{args.database}.json"
    db_url = existing_database(url, args.database) if args.reuse else None
    migrated = "SELECT to_regclass('employees_employee') IS NOT NULL"
    if (
        db_url
        and harness.scalar(db_url, migrated)
        and harness.scalar(db_url, "SELECT count(*) FROM employees_employee")
    ):
        manage(env | {"DATABASE_URL": db_url}, "migrate", "--no-input", "-v", "0")
        return db_url, description, json.loads(note_path.read_text()) if note_path.exists() else None
    db_url = harness.fresh_database(url, args.database)
    env = env | {"DATABASE_URL": db_url}
    manage(env, "migrate", "--no-input", "-v", "0")
    started = time.perf_counter()
    manage(env, "seed_demo", "--employees", str(args.employees), "--months", str(args.months))
    # A settled database, as production's: statistics for the planner, and no autovacuum of the fresh
    # tables running during the load.
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    note = {"seconds": time.perf_counter() - started, "date": now(), "employees": args.employees, "months": args.months}
    OUT.mkdir(exist_ok=True)
    note_path.write_text(json.dumps(note))
    return db_url, description, note


def manage(env: dict, *command: str) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=harness.BASE, env=env, check=True)


def prepare(env: dict, plan: dict, folder: Path, evidence: str) -> dict:
    """Bench teams and the morning's state, in this process; the plan file for Locust."""
    import django

    os.environ.update(env)
    django.setup()
    from apps.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
    from bench import load_data

    started = time.perf_counter()
    day, _before = load_data.filing_days()
    reviewers = plan["users"]["reviewer"]
    visits = plan["filings"] * plan["seconds"] + plan["users"]["filer"]  # each filer's first visit starts at once
    members = max(BACKLOG, math.ceil(1.15 * visits / reviewers) + 1)
    teams = load_data.ensure_teams(reviewers, members, day.year)[:reviewers]
    state = load_data.reset(teams, BACKLOG)
    readers = [(DEMO_ACCOUNTS["leader"], DEMO_PASSWORD, "leader"), (DEMO_ACCOUNTS["admin"], DEMO_PASSWORD, "admin")]
    file_info = load_data.evidence_file(evidence, folder)
    locust_plan = {
        "teams": teams,
        "password": load_data.PASSWORD,
        "readers": readers,
        "users": plan["users"],
        "pacing": plan["pacing"],
        "think": plan["think"],
        "complaint_fill_seconds": COMPLAINT_FILL,
        "return_share": RETURN_SHARE,
        **file_info,
    }
    (folder / "plan.json").write_text(json.dumps(locust_plan))
    print(f"Bench teams ready in {time.perf_counter() - started:.0f} s: {len(teams)} teams of {members}; {state}")
    return {"state": state, "members": members, "teams": len(teams), "evidence": file_info} | sizes()


def login_cost() -> dict:
    """The CPU one sign-in's password check takes here, with the project's hasher (median of 3)."""
    from django.contrib.auth.hashers import get_hasher

    hasher = get_hasher()
    encoded = hasher.encode("x" * 16, hasher.salt())
    times = []
    for _ in range(3):
        started = time.process_time()
        hasher.verify("x" * 16, encoded)
        times.append(time.process_time() - started)
    iterations = getattr(hasher, "iterations", 0)
    return {"algorithm": hasher.algorithm, "iterations": iterations, "ms": 1000 * sorted(times)[1]}


def sizes() -> dict:
    from django.db.models import Count

    from apps.daily_reports.models import Activity, DailyReport
    from apps.employees.models import Employee
    from apps.public_feedback.models import Complaint
    from bench.load_data import AGENCY

    employees = Employee.objects.aggregate(all=Count("pk"), bench=Count("pk", filter=_bench_q(AGENCY)))
    return {
        "employees": employees["all"],
        "bench_employees": employees["bench"],
        "daily_reports": DailyReport.objects.count(),
        "activities": Activity.objects.count(),
        "complaints": Complaint.objects.count(),
    }


def _bench_q(agency: str):
    from django.db.models import Q

    return Q(unit__parent__name=agency) | Q(unit__name=agency)


# --- Measuring --------------------------------------------------------------------------------------
class Sampler:
    """Every 2 s in a thread: the CPU of each process group (gunicorn, Celery, this database's
    PostgreSQL backends, Locust) and of the whole machine, and the Celery queue's depth."""

    def __init__(self, groups: dict, redis_client, db_url: str, db_name: str):
        self.groups, self.redis, self.db_url, self.db_name = groups, redis_client, db_url, db_name
        self.seen: dict = {}  # (group, pid) -> (CPU at first sight, CPU now)
        self.depths: list = []  # (monotonic, queued, unacked)
        self.started = time.time()
        self.machine_start = psutil.cpu_times()
        self._stop = threading.Event()
        self.sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def processes(self):
        for group, roots in self.groups.items():
            for root in roots():
                yield group, root
        for process in psutil.process_iter(["cmdline"]):
            title = (process.info.get("cmdline") or [""])[0]
            if title.startswith("postgres: ") and self.db_name in title.split():  # backends, autovacuum
                yield "PostgreSQL", process

    def sample(self) -> None:
        for group, process in self.processes():
            try:
                used = sum(process.cpu_times()[:2])
                born = process.create_time()
            except psutil.Error:
                continue
            first = 0.0 if born > self.started else used  # a process started during the run counts whole
            self.seen[group, process.pid] = (self.seen.get((group, process.pid), (first, used))[0], used)
        self.depths.append((time.monotonic(), *queue_depth(self.redis)))

    def _run(self) -> None:
        while not self._stop.wait(2):
            self.sample()

    def cpu(self) -> dict:
        totals: dict = {}
        for (group, _pid), (first, last) in self.seen.items():
            totals[group] = totals.get(group, 0.0) + last - first
        return totals

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()
        end = psutil.cpu_times()
        busy = sum(end) - end.idle - getattr(end, "iowait", 0)
        busy -= sum(self.machine_start) - self.machine_start.idle - getattr(self.machine_start, "iowait", 0)
        return {"groups": self.cpu(), "machine": busy, "seconds": time.time() - self.started}


def tree(pid_of):
    """A function giving a process and its descendants (for Sampler groups)."""

    def processes():
        pid = pid_of()
        if pid is None:  # not started yet (psutil.Process(None) would be this process)
            return []
        try:
            root = psutil.Process(pid)
            return [root, *root.children(recursive=True)]
        except (psutil.Error, TypeError):
            return []

    return processes


def queue_depth(client) -> tuple[int, int]:
    """(messages waiting in the Celery queues, messages a worker took but has not acknowledged)."""
    queued = sum(client.llen(key) for key in client.scan_iter(match="celery*") if client.type(key) == b"list")
    return queued, client.hlen("unacked")


def outbox_pending(db_url: str) -> int:
    """Pending outbox rows (``drain_seconds`` waits for them). Rows pending before the load (a
    seeding without a broker) are marked sent first by ``settle_outbox``: no beat runs in the bench
    to sweep them, and they are not the load's work."""
    return harness.scalar(db_url, "SELECT count(*) FROM core_outboxmessage WHERE dispatched_at IS NULL")


def settle_outbox(db_url: str) -> int:
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        done = conn.execute("UPDATE core_outboxmessage SET dispatched_at = now() WHERE dispatched_at IS NULL")
        return done.rowcount


def drain_seconds(client, db_url: str, worker, timeout: float = 900) -> float | None:
    """Seconds from now until the queue, the unacknowledged messages and the outbox are all empty
    (checked every 0.5 s); None after ``timeout`` or when the worker died."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if sum(queue_depth(client)) == 0 and outbox_pending(db_url) == 0:
            return time.monotonic() - started
        if worker.poll() is not None:
            return None
        time.sleep(0.5)
    return None


def run_locust(args, plan: dict, base_url: str, folder: Path, env: dict) -> subprocess.Popen:
    users = plan["total_users"]
    command = [str(Path(sys.executable).parent / "locust"), "-f", str(LOCUSTFILE), "--headless"]
    command += ["-u", str(users), "-r", f"{users / plan['ramp']:.3f}", "-t", f"{round(plan['seconds'])}s"]
    command += ["--host", base_url, "--csv", str(folder / "locust"), "--only-summary", "--stop-timeout", "0"]
    command += ["--loglevel", "WARNING", "--logfile", str(folder / "locust.log"), "--exit-code-on-error", "0"]
    out = (folder / "locust.out").open("w")
    return subprocess.Popen(
        command, cwd=harness.BASE, env=env | {"SIKAP_LOAD_PLAN": str(folder / "plan.json")}, stdout=out,
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen | None, timeout: float = 30) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # our own group, started by us
        process.wait(timeout=5)


def warm_up(base_url: str, plan_file: Path, workers: int) -> None:
    """Every page of the run a few times over, so that each gunicorn worker has imported and
    compiled it before the baseline (as the other benches probe each row); nothing is written."""
    plan = json.loads(plan_file.read_text())
    team = plan["teams"][0]
    member = harness.login(base_url, team["members"][-1], plan["password"])
    supervisor = harness.login(base_url, team["supervisor"], plan["password"])
    reader, password, _role = plan["readers"][0]
    leader = harness.login(base_url, reader, password)
    status, day_page = harness.probe(base_url + "/laporan/", member)
    if status != 302:
        raise RuntimeError(f"warm-up: GET /laporan/ answered {status}, not a redirect to the day")
    pages = [("/", member), (day_page, member), ("/", supervisor), ("/laporan/tinjau/", supervisor)]
    pages += [("/", leader), ("/dasbor/", leader), ("/publik/", None), ("/pengaduan/", None)]
    pages += [("/pengaduan/lacak/", None), ("/accounts/login/", None)]
    for _ in range(2 * workers):
        for path, session in pages:
            status, where = harness.probe(base_url + path, session)
            if status != 200:
                raise RuntimeError(f"warm-up: GET {path} answered {status} {where}".strip())


def measure(args, plan: dict, env: dict, db_url: str, tmp: Path) -> dict:
    """Worker, server, baseline, Locust, drain, baseline; everything started here is stopped here."""
    import redis

    client = redis.Redis.from_url(args.redis_url)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        raise SystemExit(f"no Redis at {args.redis_url} ({exc}): start redis-server, or pass --redis-url") from exc
    client.flushdb()  # database 7 of the machine's Redis is this bench's own
    result_settled = settle_outbox(db_url)  # what was pending before the load is not the load's work
    lua = harness.write_lua(tmp)
    worker_env = env | {"DB_POOL": "false"}  # prefork children, as bench/bench_reports.py runs them
    worker = start_worker(worker_env, args.concurrency, tmp / "worker.log")
    worker_class = "gthread" if args.threads > 1 else "sync"
    server = harness.Server(env, args.workers, args.threads, tmp / "gunicorn.log", worker_class=worker_class)
    locust = sampler = None
    result: dict = {"worker_class": worker_class, "outbox_settled_before": result_settled}
    try:
        server.wait_ready()
        for _ in range(3):
            if harness.probe(server.base_url + BASELINE, None)[0] != 200:
                raise RuntimeError("the baseline view does not answer 200: bench settings?")
        warm_up(server.base_url, tmp / "plan.json", args.workers)
        connections = plan["total_users"]
        options = {"threads": 2, "connections": connections, "lua": lua}
        harness.wrk(server.base_url + BASELINE, None, duration=3, **options)  # warm-up
        before = harness.wrk(server.base_url + BASELINE, None, duration=args.baseline_seconds, **options)
        print(f"Baseline before: {before.rps:.0f} requests/s at {connections} connections")
        groups = {
            "gunicorn": tree(lambda: server.process.pid),
            "Celery": tree(lambda: worker.pid),
            "Locust": tree(lambda: locust.pid if locust else None),
        }
        sampler = Sampler(groups, client, db_url, args.database)
        started = time.monotonic()
        locust = run_locust(args, plan, server.base_url, tmp, env)
        print(f"Locust: {plan['total_users']} users for {plan['seconds']:.0f} s ...", flush=True)
        while locust.poll() is None:
            if time.monotonic() - started > plan["seconds"] + 120:
                stop(locust)
                raise RuntimeError("Locust did not end in time")
            time.sleep(1)
        result["locust_seconds"] = time.monotonic() - started
        if locust.returncode != 0 or not (tmp / "locust_stats.csv").exists():
            print((tmp / "locust.out").read_text()[-4000:] + (tmp / "locust.log").read_text()[-4000:])
            raise RuntimeError(f"Locust exited with code {locust.returncode}")
        result["drain_s"] = drain_seconds(client, db_url, worker)
        drained = "not within 15 min" if result["drain_s"] is None else f"{result['drain_s']:.1f} s after the end"
        print(f"Celery queue drained: {drained}", flush=True)
        result["cpu"] = sampler.stop()
        result["depths"] = [(t - started, q, u) for t, q, u in sampler.depths]
        sampler = None
        after = harness.wrk(server.base_url + BASELINE, None, duration=args.baseline_seconds, **options)
        print(f"Baseline after: {after.rps:.0f} requests/s")
        result["baselines"] = [vars(before), vars(after)]
        result["connections"] = connections
        result["redis"] = client.info("server").get("redis_version", "unknown")
        return result
    finally:
        if sampler is not None:
            sampler.stop()
        stop(locust)
        server.stop()
        stop(worker)
        client.flushdb()


def main() -> int:
    args = parse_args()
    harness.require_wrk()
    os.chdir(harness.BASE)
    machine = harness.machine()
    plan = plan_rate(args.users, args.pacing, args.minutes)
    tmp = Path(tempfile.mkdtemp(prefix="sikap-bench-load-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.bench", "STATIC_ROOT": str(tmp / "static")}
    env |= {"MEDIA_ROOT": str(tmp / "media"), "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DB_POOL": "false"}
    env |= {"DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)}
    env |= {"REDIS_URL": args.redis_url, "SIKAP_TRUST_X_FORWARDED_FOR": "true", "ALLAUTH_TRUSTED_PROXY_COUNT": "1"}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: sys.exit(128 + signal.SIGTERM))
    stamp = datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y%m%d-%H%M%S")
    try:
        db_url, description, seed = database(args, env)
        env["DATABASE_URL"] = db_url
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        data = prepare(env, plan, tmp, args.evidence)
        login = login_cost()
        run = measure(args, plan, env | {"DB_POOL": "true"}, db_url, tmp)
        locust = load_report.read_locust(tmp, plan)
        OUT.mkdir(exist_ok=True)
        for name in ("stats", "stats_history", "failures", "exceptions"):
            if (tmp / f"locust_{name}.csv").exists():
                shutil.copy(tmp / f"locust_{name}.csv", OUT / f"load-{stamp}-locust_{name}.csv")
        for name in ("gunicorn.log", "worker.log", "locust.log"):
            if (tmp / name).exists():
                shutil.copy(tmp / name, OUT / f"load-{stamp}-{name}")
        log = (tmp / "gunicorn.log").read_text()
        tracebacks = log.count("Traceback (most recent call last)")
        if tracebacks:
            print("gunicorn log (tail):\n" + log[-6000:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    bin_dir = Path(sys.executable).parent
    context = {
        "date": now(),
        "stamp": stamp,
        "machine": machine,
        "load_end": os.getloadavg()[0],
        "plan": plan,
        "full": plan_rate(None, FILER_PACING, 10),
        "constants": {name: globals()[name] for name in CONSTANTS},
        "run": run,
        "locust": locust,
        "data": data,
        "login": login,
        "seed": seed,
        "args": vars(args),
        "tracebacks": tracebacks,
        "postgresql": harness.scalar(db_url, "SHOW server_version"),
        "database": description,
        "gunicorn": harness.tool_version([str(bin_dir / "gunicorn"), "--version"]),
        "locust_version": harness.tool_version([str(bin_dir / "locust"), "--version"]).split(" from ")[0],
    }
    section = load_report.render(context)
    print("\n" + section)
    (OUT / f"load-{stamp}.json").write_text(json.dumps(context, indent=2, default=str))
    if not args.dry:
        load_report.write_readme(section)
        print(f"Written to {load_report.README.relative_to(harness.BASE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
