"""`make bench`: load-test the app as production runs it and write the results to bench/README.md.

Every page is reported as a ratio to the one-query baseline view (/bench/baseline/) measured in
the same run, interleaved (baseline, page, baseline, next page, baseline ...), so the numbers compare
across machines. bench/README.md says how to run it and how to add a row.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

# (endpoint label, path, demo role to sign in as or None for anonymous, minimum ratio to baseline or None)
# The ratio is page requests/s divided by baseline requests/s; add a row for every new page.
# First thresholds: about half the ratio measured when the row was added, so a page that gets twice as
# expensive (an N+1 query, a missing index) fails.
ENDPOINTS = [
    ("health check", "/healthz", None, 0.7),
    ("login page", "/accounts/login/", None, 0.25),
    ("home", "/", "asn", 0.08),
    ("home", "/", "supervisor", 0.05),
    ("home", "/", "admin", 0.04),
    ("home", "/", "leader", 0.04),
    ("profile", "/akun/profil/", "asn", 0.06),
    ("API me", "/api/v1/me/", "asn", 0.07),
    ("employee list", "/pegawai/", "admin", 0.02),
    ("employee list, search", "/pegawai/?q=Kurniawan", "admin", 0.02),  # a surname of the demo's supervisor
    ("employee list", "/pegawai/", "supervisor", 0.02),
    ("org chart", "/organisasi/", "admin", 0.01),
    ("API employees", "/api/v1/employees/", "admin", 0.05),
]
BASELINE = "/bench/baseline/"
README = Path(__file__).resolve().parent / "README.md"
OUT = Path(__file__).resolve().parent / "out"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--employees", type=int, default=300, help="demo size when the bench database is empty")
    parser.add_argument("--connections", type=int, default=8, help="wrk open connections (default 8)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--only", default="", help="measure only rows whose label or path contains this text")
    parser.add_argument("--no-readme", action="store_true", help="print the results, leave bench/README.md alone")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a threshold fails or a run had errors")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    harness.require_wrk()
    os.chdir(harness.BASE)
    rows = [row for row in ENDPOINTS if args.only in row[0] or args.only in row[1]]
    if not rows:
        raise SystemExit(f"no row of ENDPOINTS matches --only {args.only!r}")
    machine = harness.machine()  # before we load it: the 1-minute load average shows other work
    url, db_description = harness.database_url()  # holds the embedded server until we exit
    tmp = Path(tempfile.mkdtemp(prefix="sikap-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.bench",
        # static files are collected into a temporary folder, never the project's staticfiles/
        "STATIC_ROOT": str(tmp / "static"),
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DB_POOL": "true",
    }

    # SIGTERM (and SIGHUP) end the run like Ctrl-C does, through the finally blocks that stop gunicorn.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        print(f"Database: {db_description}")
        baselines, results, peak_overall = measure_all(args, env, tmp, rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    employees = harness.scalar(url, "SELECT count(*) FROM employees_employee")

    keys = ("rps", "p50_ms", "p95_ms", "p99_ms", "cpu_ms")
    baseline = {key: statistics.mean(run[key] for run in baselines) for key in keys}
    baseline["rss_mib"] = max(run["rss_mib"] for run in baselines)
    baseline["errors"] = sum(run["errors"] + run["non_2xx"] for run in baselines)
    for result in results:
        result["verdict"] = verdict(result)
    context = {
        "date": datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB"),
        "machine": machine,
        "postgresql": harness.scalar(url, "SHOW server_version"),
        "database": db_description,
        "employees": employees,
        "gunicorn": harness.tool_version([str(Path(sys.executable).parent / "gunicorn"), "--version"]),
        "wrk": harness.tool_version(["wrk", "-v"]).split(" [")[0],
        "args": vars(args),
        "peak_rss_mib": peak_overall,
        "baseline_runs": len(baselines),
        "baseline_range": (min(run["rps"] for run in baselines), max(run["rps"] for run in baselines)),
    }
    section = render(context, baseline, results)
    print("\n" + section)
    OUT.mkdir(exist_ok=True)
    stamp = datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y%m%d-%H%M%S")
    raw = {"context": context, "baseline": baseline, "baseline_runs": baselines, "results": results}
    (OUT / f"results-{stamp}.json").write_text(json.dumps(raw, indent=2, default=str))
    if not args.no_readme:
        write_readme(section)
        print(f"Results written to {README.relative_to(harness.BASE)}")
    failed = [row for row in results if row["verdict"].startswith(("FAIL", "ERROR"))] or baseline["errors"]
    return 1 if args.strict and failed else 0


def measure_all(args: argparse.Namespace, env: dict, tmp: Path, rows: list) -> tuple[list, list, float]:
    """Prepare the database and static files, start gunicorn, sign in and run wrk on every row;
    gunicorn is stopped whatever happens."""

    def manage(*command: str) -> None:
        subprocess.run([sys.executable, "manage.py", *command], env=env, check=True)

    manage("migrate", "--no-input", "-v", "0")
    manage("createcachetable")
    manage("seed_demo", "--if-empty", "--employees", str(args.employees))
    manage("collectstatic", "--no-input", "-v", "0")

    from apps.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    lua = harness.write_lua(tmp)
    wrk_options = {"duration": args.duration, "threads": args.wrk_threads, "connections": args.connections, "lua": lua}
    server = harness.Server(env, args.workers, args.threads, tmp / "gunicorn.log")
    memory = None
    try:
        server.wait_ready()
        memory = harness.WorkerStats(server)
        sessions = {role: harness.login(server.base_url, DEMO_ACCOUNTS[role], DEMO_PASSWORD) for role in DEMO_ACCOUNTS}
        for _label, path, role, _minimum in [("baseline", BASELINE, None, None), *rows]:
            for _ in range(3):  # warm templates and the pool, and refuse rows that do not answer 200
                status, location = harness.probe(server.base_url + path, sessions.get(role))
            if status != 200:
                raise RuntimeError(f"GET {path} as {role or 'anonymous'} answered {status} {location}".strip())
        harness.wrk(server.base_url + BASELINE, None, **{**wrk_options, "duration": min(3, args.duration)})

        def measure(path: str, role: str | None) -> dict:
            memory.reset()
            cpu = memory.cpu_seconds()
            result = harness.wrk(server.base_url + path, sessions.get(role), **wrk_options)
            cpu_ms = (memory.cpu_seconds() - cpu) * 1000 / max(result.requests, 1)
            print(f"  {path:<22} {role or 'anonymous':<11} {result.rps:8.1f} req/s  p99 {result.p99_ms:7.1f} ms")
            return {**vars(result), "rss_mib": memory.peak / 2**20, "cpu_ms": cpu_ms}

        print(f"Measuring {len(rows)} endpoints, {args.duration}s each, interleaved with the baseline:")
        baselines = [measure(BASELINE, None)]
        results = []
        for label, path, role, minimum in rows:
            result = measure(path, role)
            baselines.append(measure(BASELINE, None))
            around = statistics.mean(run["rps"] for run in baselines[-2:])
            results.append({"label": label, "path": path, "role": role, "min_ratio": minimum, **result})
            results[-1]["ratio"] = result["rps"] / around
        return baselines, results, memory.overall / 2**20
    finally:
        if memory:
            memory.close()
        server.stop()
        log = (tmp / "gunicorn.log").read_text() if (tmp / "gunicorn.log").exists() else ""
        if log.strip():
            print("gunicorn log:\n" + log[-4000:])


def verdict(result: dict) -> str:
    if result["errors"] or result["non_2xx"]:
        return f"ERROR ({result['errors']} socket errors, {result['non_2xx']} non-2xx/3xx)"
    if result["min_ratio"] is None:
        return "—"
    return f"{'PASS' if result['ratio'] >= result['min_ratio'] else 'FAIL'} (≥ {result['min_ratio']:.2f})"


def render(context: dict, baseline: dict, results: list[dict]) -> str:
    machine, args = context["machine"], context["args"]
    low, high = context["baseline_range"]
    lines = [
        f"Measured {context['date']} by `bench/run.py --duration {args['duration']}`.",
        "",
        f"- Machine: {machine['cores']} cores, {machine['memory_gib']} GiB memory, {machine['cpu']}; "
        f"Python {machine['python']}, PostgreSQL {context['postgresql']}; load average {machine['load']:.1f} "
        "at the start (other work on the machine makes the numbers noisy).",
        f"- Server: `asn_kinerja.settings.bench` (DEBUG off, psycopg pool, whitenoise), {context['gunicorn']}, "
        f"{args['workers']} workers × {args['threads']} threads (gthread) on 127.0.0.1.",
        f"- Load: {context['wrk']}, {args['wrk_threads']} threads, {args['connections']} connections, "
        f"{args['duration']} s per run; the baseline ran {context['baseline_runs']} times, before and after every page "
        f"({low:.0f}–{high:.0f} requests/s).",
        f"- Data: {context['database']}, {context['employees']} employees.",
        f"- Peak RSS of one gunicorn worker over the whole run: {context['peak_rss_mib']:.0f} MiB.",
        "",
        "| endpoint | role | requests/s | ratio to baseline | p50 ms | p95 ms | p99 ms | worker CPU ms/request "
        "| peak worker RSS MiB | threshold |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
        table_row(f"baseline `{BASELINE}` (mean)", None, baseline, 1.0, "ERROR" if baseline["errors"] else "—"),
    ]
    lines += [table_row(f"{r['label']} `{r['path']}`", r["role"], r, r["ratio"], r["verdict"]) for r in results]
    return "\n".join(lines)


def table_row(label: str, role: str | None, run: dict, ratio: float, verdict: str) -> str:
    cells = [label, role or "anonymous", f"{run['rps']:.0f}", f"{ratio:.2f}"]
    cells += [f"{run[key]:.1f}" for key in ("p50_ms", "p95_ms", "p99_ms", "cpu_ms")]
    cells += [f"{run['rss_mib']:.0f}", verdict]
    return "| " + " | ".join(cells) + " |"


def write_readme(section: str) -> None:
    harness.write_readme_section(START, END, section)


if __name__ == "__main__":
    sys.exit(main())
