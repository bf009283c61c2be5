"""`make bench` step: the dashboards on a city-sized database (issue "Dashboards").

With 20,000 employees and 12 months of daily reports (`seed_demo`), each page is measured with wrk
against the one-query baseline view in the same run, interleaved (baseline, page, baseline, ...):
the city dashboard must sustain at least 0.10 of the baseline's requests/s with p95 under 300 ms at
8 connections, the supervisor home at least 0.15. `--reuse` keeps an already seeded database;
otherwise it is dropped, created, migrated and seeded (timed). Writes bench/README.md (markers)."""

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
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for apps.* imports

from bench import harness

OUT = Path(__file__).resolve().parent / "out"
SEED_NOTE = OUT / "dashboards-seed.json"  # the last seed's time, for runs with --reuse
START, END = "<!-- dashboards:start -->", "<!-- dashboards:end -->"
HEADING = "### Dashboards (`bench/bench_dashboards.py`)"
BASELINE = "/bench/baseline/"
# (label, path, role, minimum ratio, p95 limit in ms); "{unit}" is the largest perangkat daerah.
ROWS = [
    ("city dashboard", "/dasbor/", "admin", 0.10, 300),
    ("city dashboard, one perangkat daerah", "/dasbor/?unit={unit}", "leader", 0.10, 300),
    ("admin home", "/", "admin", None, None),
    ("supervisor home", "/", "supervisor", 0.15, None),
]
# The perangkat daerah (children of the government, the root) with the most active staff in its subtree.
LARGEST_UNIT = """WITH RECURSIVE tree(top, id) AS (SELECT u.id, u.id FROM employees_orgunit u JOIN employees_orgunit r
ON u.parent_id = r.id WHERE r.parent_id IS NULL UNION ALL SELECT t.top, c.id FROM employees_orgunit c JOIN tree t
ON c.parent_id = t.id) SELECT t.top FROM tree t JOIN employees_employee e ON e.unit_id = t.id AND e.is_active
GROUP BY t.top ORDER BY count(*) DESC, t.top LIMIT 1"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    # months: of daily reports; duration: seconds per wrk run
    sizes = {"employees": 20_000, "months": 12, "duration": 10, "connections": 8, "wrk-threads": 2, "workers": 2}
    for name, default in {**sizes, "threads": 4}.items():
        parser.add_argument(f"--{name}", type=int, default=default, help=f"default {default}")
    parser.add_argument("--no-readme", action="store_true", help="print the results, leave bench/README.md alone")
    return parser.parse_args()


def seed(args: argparse.Namespace, url: str) -> tuple[str, dict | None]:
    """Fresh database, migrate, seed_demo (timed); (its URL, the seed's seconds or None if reused)."""
    if args.reuse:
        return url, (json.loads(SEED_NOTE.read_text()) if SEED_NOTE.exists() else None)
    name = url.partition("?")[0].rpartition("/")[2]
    url = harness.fresh_database(url, name)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.dev"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    command = [*manage, "seed_demo", "--employees", str(args.employees), "--months", str(args.months)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    print(out, end="")
    assert "Ringkasan dasbor" in out, "seed_demo no longer computes the dashboard summaries"
    note = {"seconds": time.perf_counter() - started, "date": now(), "employees": args.employees, "months": args.months}
    OUT.mkdir(exist_ok=True)
    SEED_NOTE.write_text(json.dumps(note))  # so that a later --reuse run can still report it
    return url, note


def now() -> str:
    return datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB")


def main() -> int:
    args = parse_args()
    harness.require_wrk()
    os.chdir(harness.BASE)
    machine = harness.machine()
    url, description = harness.database_url()
    url, seed_seconds = seed(args, url)
    sizes = {
        "employees": harness.scalar(url, "SELECT count(*) FROM employees_employee"),
        "daily_reports": harness.scalar(url, "SELECT count(*) FROM daily_reports_dailyreport"),
        "unit_day_stats": harness.scalar(url, "SELECT count(*) FROM dashboards_unitdaystat"),
        "days": harness.scalar(url, "SELECT min(date) || ' s.d. ' || max(date) FROM dashboards_unitdaystat"),
    }
    unit = harness.scalar(url, LARGEST_UNIT)
    unit_name = harness.scalar(url, f"SELECT name FROM employees_orgunit WHERE id = {int(unit)}")
    tmp = Path(tempfile.mkdtemp(prefix="sikap-bench-dash-"))
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.bench", "DB_POOL": "true"}
    env |= {"STATIC_ROOT": str(tmp / "static"), "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    env["DJANGO_SECRET_KEY"] = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
    [signal.signal(signum, lambda *_: sys.exit(128 + signal.SIGTERM)) for signum in (signal.SIGTERM, signal.SIGHUP)]
    rows = [(label, path.format(unit=unit), role, minimum, p95) for label, path, role, minimum, p95 in ROWS]
    try:
        baselines, results = measure_all(args, env, tmp, rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for result in results:
        result["verdict"] = verdict(result)
    context = {
        "date": now(),
        "machine": machine,
        "load_end": os.getloadavg()[0],
        "postgresql": harness.scalar(url, "SHOW server_version"),
        "database": description,
        "sizes": sizes,
        "seed_seconds": seed_seconds,
        "unit": (unit, unit_name),
        "gunicorn": harness.tool_version([str(Path(sys.executable).parent / "gunicorn"), "--version"]),
        "wrk": harness.tool_version(["wrk", "-v"]).split(" [")[0],
        "args": vars(args),
    }
    section = render(context, baselines, results)
    print("\n" + section)
    OUT.mkdir(exist_ok=True)
    stamp = datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y%m%d-%H%M%S")
    raw = {"context": context, "baseline_runs": baselines, "results": results}
    (OUT / f"dashboards-{stamp}.json").write_text(json.dumps(raw, indent=2, default=str))
    if not args.no_readme:
        write_readme(section)
    return 0


def measure_all(args: argparse.Namespace, env: dict, tmp: Path, rows: list) -> tuple[list, list]:
    """collectstatic, gunicorn, sign in, then wrk: baseline, row, baseline, row, ..., baseline."""
    for command in (["createcachetable"], ["collectstatic", "--no-input", "-v", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, check=True)
    from apps.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    lua = harness.write_lua(tmp)
    options = {"duration": args.duration, "threads": args.wrk_threads, "connections": args.connections, "lua": lua}
    server = harness.Server(env, args.workers, args.threads, tmp / "gunicorn.log")
    memory = harness.WorkerStats(server)
    try:
        server.wait_ready()
        roles = {role for _label, _path, role, _min, _p95 in rows}
        sessions = {role: harness.login(server.base_url, DEMO_ACCOUNTS[role], DEMO_PASSWORD) for role in roles}
        probes = {}  # path -> ms of the last warm-up request, or None when it got no answer in 30 s
        for _label, path, role, _min, _p95 in [("baseline", BASELINE, None, None, None), *rows]:
            for _ in range(3):  # warm the templates and the pool; refuse rows that do not answer 200
                started = time.perf_counter()
                try:
                    status, location = harness.probe(server.base_url + path, sessions.get(role))
                except OSError as error:  # a timeout: the row is reported as an ERROR, not measured
                    status, location = None, str(error)
                    break
            probes[path, role] = 1000 * (time.perf_counter() - started) if status else None
            print(f"  probe {path:<24} {role or 'anonymous':<11} {status} {probes[path, role] or 0:.0f} ms", flush=True)
            if status not in (200, None):
                raise RuntimeError(f"GET {path} as {role or 'anonymous'} answered {status} {location}".strip())
        if probes[BASELINE, None] is None:
            raise RuntimeError("the baseline did not answer")

        def settle() -> None:  # requests still running in the workers (a timed-out one) finish first
            for _ in range(180):
                before = memory.cpu_seconds()
                time.sleep(1)
                if memory.cpu_seconds() - before < 0.05:
                    return

        settle()
        harness.wrk(server.base_url + BASELINE, None, **{**options, "duration": min(3, args.duration)})

        def measure(path: str, role: str | None) -> dict:
            memory.reset()
            cpu = memory.cpu_seconds()
            result = harness.wrk(server.base_url + path, sessions.get(role), **options)
            settle()  # the requests in flight when wrk stopped (one a connection) end, and count, here
            cpu_ms = (memory.cpu_seconds() - cpu) * 1000 / (result.requests + args.connections)
            print(f"  {path:<24} {role or '-':<11} {result.rps:8.1f} req/s  p95 {result.p95_ms:7.1f} ms", flush=True)
            none = dict.fromkeys(("p50_ms", "p95_ms", "p99_ms"), float("nan")) if not result.requests else {}
            return {**vars(result), "rss_mib": memory.peak / 2**20, "cpu_ms": cpu_ms, **none}

        print(f"Measuring {len(rows)} pages, {args.duration}s each, interleaved with the baseline:")
        baselines = [measure(BASELINE, None)]
        results = []
        for label, path, role, minimum, p95_limit in rows:
            row = {"label": label, "path": path, "role": role, "min_ratio": minimum, "p95_limit": p95_limit}
            if (row := {**row, "probe_ms": probes[path, role]})["probe_ms"] is None:  # wrk would count timeouts
                nan = float("nan")
                results.append({**row, **dict.fromkeys(("rps", "p50_ms", "p95_ms", "p99_ms", "cpu_ms"), nan)})
                results[-1].update(requests=0, errors=1, non_2xx=0, rss_mib=nan, ratio=nan)
                continue
            result = measure(path, role)
            baselines.append(measure(BASELINE, None))
            around = statistics.mean(run["rps"] for run in baselines[-2:])
            results.append({**row, **result, "around": around, "ratio": result["rps"] / around})
        return baselines, results
    finally:
        memory.close()
        server.stop()
        if (log := (tmp / "gunicorn.log").read_text()).strip():
            print("gunicorn log:\n" + log[-4000:])


def verdict(result: dict) -> str:
    if result["probe_ms"] is None:
        return "ERROR (one request got no answer within 30 s; not measured)"
    if not result["requests"]:
        return "ERROR (no answer within wrk's 10 s timeout; CPU: of the unanswered requests)"
    if result["errors"] or result["non_2xx"]:
        return f"ERROR ({result['errors']} socket errors, {result['non_2xx']} non-2xx/3xx)"
    if result["min_ratio"] is None:
        return "—"
    checks = [result["ratio"] >= result["min_ratio"]]
    target = f"≥ {result['min_ratio']:.2f}"
    if result["p95_limit"]:
        checks.append(result["p95_ms"] < result["p95_limit"])
        target += f", p95 < {result['p95_limit']} ms"
    return f"{'PASS' if all(checks) else 'FAIL'} ({target})"


def render(context: dict, baselines: list[dict], results: list[dict]) -> str:
    machine, args, sizes = context["machine"], context["args"], context["sizes"]
    keys = ("rps", "p50_ms", "p95_ms", "p99_ms", "cpu_ms", "rss_mib")
    baseline = {key: statistics.mean(run[key] for run in baselines) for key in keys}
    errors = sum(run["errors"] + run["non_2xx"] for run in baselines)
    low, high = min(run["rps"] for run in baselines), max(run["rps"] for run in baselines)
    seed = context["seed_seconds"]
    seeded = "reused (`--reuse`), seed time unknown"
    if seed:
        seeded = (
            f"built by `seed_demo --employees {seed['employees']} --months {seed['months']}` in "
            f"**{seed['seconds']:.0f} s** ({seed['seconds'] / 60:.1f} min, migrate not included, the dashboard "
            f"summaries included){', ' + seed['date'] + ', reused by this run' if args['reuse'] else ''}"
            f"{'; ' + seed['note'] if seed.get('note') else ''}"
        )
    probes = ", ".join(
        f"{r['label']} {'no answer in 30 s' if r['probe_ms'] is None else format(r['probe_ms'], '.0f') + ' ms'}"
        for r in results
    )
    lines = [
        HEADING,
        "",
        "Issue \u201cDashboards\u201d, 20,000 employees and 12 months of daily reports: the city dashboard "
        "**≥ 0.10** of the baseline with **p95 < 300 ms** at 8 connections, the supervisor home **≥ 0.15**; rule "
        "and harness of `bench/run.py`. `--reuse` keeps a seeded database; `--duration S`, `--no-readme`.",
        "",
        f"Measured {context['date']} by `bench/bench_dashboards.py --duration {args['duration']}"
        f"{' --reuse' if args['reuse'] else ''}`.",
        "",
        f"- Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['cpu']}, Python "
        f"{machine['python']}, PostgreSQL {context['postgresql']}; load average {machine['load']:.1f} at the "
        f"start, {context['load_end']:.1f} at the end (other work on the machine makes requests/s noisy: read "
        "worker CPU ms/request too: the workers' CPU over a run and its settling, by its requests + connections).",
        f"- Server: `asn_kinerja.settings.bench`, {context['gunicorn']}, {args['workers']} workers × "
        f"{args['threads']} threads (gthread); load: {context['wrk']}, {args['wrk_threads']} threads, "
        f"{args['connections']} connections, {args['duration']} s per run; the baseline ran {len(baselines)} "
        f"times ({low:.0f}–{high:.0f} requests/s).",
        f"- Data: {context['database']}, {seeded}: {sizes['employees']:,} employees, "
        f"{sizes['daily_reports']:,} daily reports, {sizes['unit_day_stats']:,} UnitDayStat rows "
        f"({sizes['days']}).",
        f"- One request alone before the load (the last of 3 warm-ups): {probes}.",
        f"- One perangkat daerah: the largest by active staff, {context['unit'][1]} (id {context['unit'][0]}).",
        "",
        "| page | role | requests/s | ratio to baseline | p50 ms | p95 ms | p99 ms | worker CPU ms/request "
        "| peak worker RSS MiB | target |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
        table_row(f"baseline `{BASELINE}` (mean)", None, baseline, 1.0, "ERROR" if errors else "—"),
    ]
    lines += [table_row(f"{r['label']} `{r['path']}`", r["role"], r, r["ratio"], r["verdict"]) for r in results]
    return "\n".join(lines)


def table_row(label: str, role: str | None, run: dict, ratio: float, verdict: str) -> str:
    def number(value: float, digits: int = 1) -> str:
        return "—" if value != value else f"{value:.{digits}f}"  # NaN: not measured

    cells = [label, role or "anonymous", number(run["rps"]), number(ratio, 3)]
    cells += [number(run[key]) for key in ("p50_ms", "p95_ms", "p99_ms", "cpu_ms")]
    cells += [number(run["rss_mib"], 0), verdict]
    return "| " + " | ".join(cells) + " |"


def write_readme(section: str) -> None:
    harness.write_readme_section(START, END, section, after="<!-- daily:end -->")


if __name__ == "__main__":
    sys.exit(main())
