"""`make bench` step: how long `seed_demo --employees N --months M` takes on a fresh database.

Targets: 20,000 employees with their SKPs in under 60 s, and one month of their daily reports
(about 400,000 reports, 1.2 million activities) in under 120 s more. The daily-report part is the
time its builder prints (apps/daily_reports/demo.py, foreign-key checks included); the rest of the
command (process start, organisation, employees, SKPs, the commit) is the first part. The RSS of
the command is sampled every 0.1 s. Writes its section of bench/README.md between the seed markers.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for manage.py imports

import psutil
import psycopg

from bench import harness

SEED_DB = "sikap_bench_seed"
START, END = "<!-- seed:start -->", "<!-- seed:end -->"
# The daily-report builder's summary line ends with its own time: "...; 48.2 detik."
DAILY_LINE = re.compile(r"^Laporan harian .*; ([0-9]+(?:\.[0-9]+)?) detik\.$", re.M)
PEOPLE_TARGET, DAILY_TARGET = 60, 120


def fresh_database(url: str) -> str:
    """Drop and create SEED_DB on the server behind ``url``; return its URL."""
    base, _, query = url.partition("?")
    server, _, _name = base.rpartition("/")
    admin = f"{server}/postgres" + (f"?{query}" if query else "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SEED_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {SEED_DB}")
    return f"{server}/{SEED_DB}" + (f"?{query}" if query else "")


def run_sampled(command: list[str], env: dict) -> tuple[str, float, int]:
    """Run ``command``; (its stdout, wall seconds, the largest RSS seen in bytes)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()

    def sample():
        watched = psutil.Process(process.pid)
        while not done.wait(0.1):
            try:
                peak[0] = max(peak[0], watched.memory_info().rss)
            except psutil.Error:
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, out)
    return out, seconds, peak[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=1, help="months of daily reports")
    args = parser.parse_args()
    os.chdir(harness.BASE)
    machine = harness.machine()
    url, description = harness.database_url()
    env = {**os.environ, "DATABASE_URL": fresh_database(url), "DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.dev"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=env, check=True)
    command = [sys.executable, "manage.py", "seed_demo", "--employees", str(args.employees)]
    out, seconds, rss = run_sampled([*command, "--months", str(args.months)], env)
    print(out, end="")
    found = DAILY_LINE.search(out)
    daily = float(found.group(1)) if found else 0.0
    people = seconds - daily
    summary = found.group(0).split(";")[0].removeprefix("Laporan harian ") if found else "none"
    checks = [people < PEOPLE_TARGET] + ([daily < DAILY_TARGET] if args.months else [])
    verdict = "PASS" if all(checks) else "FAIL"
    now = datetime.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB")
    section = "\n".join(
        [
            START,
            f"### Demo city: `seed_demo --employees {args.employees} --months {args.months}` ({now})",
            "",
            f"- Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['cpu']}, "
            f"Python {machine['python']}, load {machine['load']:.1f} at start.",
            f"- Database: {description.replace(harness.BENCH_DB, SEED_DB)}, freshly created and migrated.",
            f"- Daily reports: {summary}.",
            "",
            "| part | seconds | target |",
            "|---|--:|--:|",
            f"| organisation, {args.employees:,} employees and their SKPs (process start and commit included) "
            f"| {people:.1f} | < {PEOPLE_TARGET} |",
            f"| daily reports, {args.months} month(s) (foreign-key checks included) | {daily:.1f} | < {DAILY_TARGET} |",
            f"| **whole command** | **{seconds:.1f}** | |",
            "",
            f"{verdict}. Largest RSS of the command: {rss / 2**20:.0f} MiB (sampled every 0.1 s; "
            "PostgreSQL's own memory not included).",
            END,
        ]
    )
    harness.write_readme_section(START, END, section)
    print(
        f"seed_demo --employees {args.employees} --months {args.months}: {seconds:.1f} s "
        f"(daily reports {daily:.1f} s, the rest {people:.1f} s, RSS {rss / 2**20:.0f} MiB): {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
