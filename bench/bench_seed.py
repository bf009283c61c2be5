"""`make bench` step: how long `seed_demo --employees N` takes on a fresh database (target: 20,000
employees in under 60 s). Writes its section of bench/README.md between the seed markers."""

import argparse
import datetime
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for manage.py imports

import psycopg

from bench import harness

README = Path(__file__).resolve().parent / "README.md"
SEED_DB = "sikap_bench_seed"
START, END = "<!-- seed:start -->", "<!-- seed:end -->"


def fresh_database(url: str) -> str:
    """Drop and create SEED_DB on the server behind ``url``; return its URL."""
    base, _, query = url.partition("?")
    server, _, _name = base.rpartition("/")
    admin = f"{server}/postgres" + (f"?{query}" if query else "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SEED_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {SEED_DB}")
    return f"{server}/{SEED_DB}" + (f"?{query}" if query else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=20_000)
    args = parser.parse_args()
    os.chdir(harness.BASE)
    machine = harness.machine()
    url, description = harness.database_url()
    env = {**os.environ, "DATABASE_URL": fresh_database(url), "DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.dev"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "seed_demo", "--employees", str(args.employees)], env=env, check=True)
    seconds = time.perf_counter() - started
    verdict = "PASS" if seconds < 60 else "FAIL"
    now = datetime.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB")
    section = "\n".join(
        [
            START,
            f"### Demo city: `seed_demo --employees {args.employees}` ({now})",
            "",
            f"- Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['cpu']}, "
            f"Python {machine['python']}, load {machine['load']:.1f} at start.",
            f"- Database: {description.replace(harness.BENCH_DB, SEED_DB)}, freshly created and migrated.",
            f"- **{seconds:.1f} s** for {args.employees:,} employees (whole command, process start included): "
            f"{verdict} (target: under 60 s).",
            END,
        ]
    )
    text = README.read_text()
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    README.write_text(text)
    print(f"seed_demo --employees {args.employees}: {seconds:.1f} s ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
