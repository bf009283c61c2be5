"""The results of bench/bench_load.py: Locust's CSVs read back, and its section of bench/README.md."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

from bench import harness

START, END = "<!-- load:start -->", "<!-- load:end -->"
P95_LIMIT_MS, UPLOAD_P95_LIMIT_MS, DRAIN_LIMIT_S = 500, 1500, 120
UPLOAD_SUFFIX = "[upload]"  # the end of the name bench/locustfile.py gives a request carrying the file


def read_locust(folder: Path, plan: dict) -> dict:
    """Every request row of Locust's stats, the aggregate, the failures, and the sustained rate:
    requests over the history from the end of the ramp plus one filer pacing (or half the run,
    if that is earlier) to the end."""

    def rows(name):
        path = folder / f"locust_{name}.csv"
        return list(csv.DictReader(path.open())) if path.exists() else []

    def number(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return float("nan")

    stats = [
        {
            "method": row["Type"],
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            **{f"p{p}": number(row[f"{p}%"]) for p in ("50", "95", "99")},
            "max": number(row["Max Response Time"]),
        }
        for row in rows("stats")
    ]
    aggregate = next((row for row in stats if row["name"] == "Aggregated"), None)
    stats = [row for row in stats if row["name"] != "Aggregated"]
    for row in stats:
        row["limit"] = UPLOAD_P95_LIMIT_MS if row["name"].endswith(UPLOAD_SUFFIX) else P95_LIMIT_MS
        row["ok"] = row["failures"] == 0 and row["p95"] < row["limit"]
    history = [row for row in rows("stats_history") if row["Name"] == "Aggregated"]
    points = [(number(row["Timestamp"]), number(row["Total Request Count"])) for row in history]
    sustained = {"rps": float("nan"), "from": 0.0, "to": 0.0}
    if len(points) > 1:
        t0 = points[0][0]
        begin = t0 + min(plan["ramp"] + plan["pacing"]["filer"], plan["seconds"] / 2)
        window = [(t, n) for t, n in points if t >= begin]
        if len(window) > 1 and window[-1][0] > window[0][0]:
            (ta, na), (tb, nb) = window[0], window[-1]
            sustained = {"rps": (nb - na) / (tb - ta), "from": ta - t0, "to": tb - t0}
    failures = [
        {"method": row["Method"], "name": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
        for row in rows("failures")
    ]
    return {"stats": stats, "aggregate": aggregate, "sustained": sustained, "failures": failures}


def _ms(value: float) -> str:
    return "—" if value != value else f"{value:.0f}"  # NaN: no such request


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def render(c: dict) -> str:
    """The README section from the context bench_load.main() collects (also in bench/out/load-*.json)."""
    m, plan, full, r, loc, data, args = (c[k] for k in ("machine", "plan", "full", "run", "locust", "data", "args"))
    k = c["constants"]
    base = [b["rps"] for b in r["baselines"]]
    baseline = statistics.mean(base)
    sustained = loc["sustained"]
    agg = loc["aggregate"] or {"requests": 0, "failures": 0, "p50": float("nan"), "p95": float("nan")}
    baseline_errors = sum(b["errors"] + b["non_2xx"] for b in r["baselines"])
    pages = [row for row in loc["stats"] if not row["name"].endswith(UPLOAD_SUFFIX)]
    uploads = [row for row in loc["stats"] if row["name"].endswith(UPLOAD_SUFFIX)]
    worst = max(pages, key=lambda row: row["p95"], default=None)
    upload_p95 = max((row["p95"] for row in uploads), default=float("nan"))
    drain, cpu, seconds = r["drain_s"], r["cpu"]["groups"], r["cpu"]["seconds"]
    ours = sum(cpu.values())
    peak_queue = max((q + u for _t, q, u in r["depths"]), default=0)
    login = c["login"]
    seed = c["seed"]
    seeded = (
        f"built by `seed_demo --employees {seed['employees']} --months {seed['months']}` in {seed['seconds']:.0f} s "
        f"({seed['date']}{', reused' if args['reuse'] else ''})" if seed else "reused, seed time unknown"
    )  # fmt: skip
    given = [("minutes", args["minutes"], None), ("users", args["users"], None), ("pacing", args["pacing"], 60)]
    flags = "".join(f" --{name} {value:g}" for name, value, default in given if value and value != default)
    flags += (" --reuse" if args["reuse"] else "") + (" --dry" if args["dry"] else "")
    smoke = plan["times_peak"] < k["FACTOR"] * 0.95
    server = (
        f"{args['workers']} workers × {args['threads']} threads (gthread)"
        if r["worker_class"] == "gthread"
        else f"{args['workers']} sync workers (as docker-compose.yml's web service)"
    )
    lines = [
        "### Load: a city's morning at three times its peak (`bench/bench_load.py`)",
        "",
        "Issue 14: Locust, headless, 10 minutes at three times the morning peak of a city of 20,000 employees "
        "(70 % of the users filing a report with a 1 MB evidence file, 25 % supervisors reviewing, 5 % the city "
        "dashboard and citizens): zero errors, p95 under 500 ms (uploads under 1.5 s), the Celery queue drained "
        "within 2 minutes of the end; the sustained requests/s as a ratio to the one-query baseline measured in the "
        "same run (wrk, before and after the load, at as many connections as Locust has users). The users are in "
        "`bench/locustfile.py`, the setup in the docstring of `bench/bench_load.py`; `--reuse` keeps a seeded "
        "database, `--dry` is a 30-second smoke run that leaves this file alone.",
        "",
        f"**The rate.** {k['CITY']:,} employees, {k['PRESENT']:.0%} of them at work and filing on a working day, "
        f"{k['PEAK_SHARE']:.0%} of those reports filed in the first {k['PEAK_MINUTES']} minutes of the day "
        f"(07:30–09:00 WIB): {plan['peak_filings']:.2f} filings/s at the peak, {k['FACTOR']}× = "
        f"{k['FACTOR'] * plan['peak_filings']:.2f}/s. A filing is one employee's visit: signing in (every morning: "
        "a session lasts 12 hours), the home page, `/laporan/` and the day page, one autosave of the draft, the "
        "activity, the 1 MB evidence, the submission, each POST followed by the page it redirects to: "
        f"{k['REQUESTS']['filer']} requests and about {k['FILER_THINK']} s of pauses; a filer user starts the next "
        f"employee's visit every {k['FILER_PACING']} s, so {k['FACTOR']}× the peak is {full['users']['filer']} "
        f"filers, {k['MIX']['filer']:.0%} of {full['total_users']} users. The reviewers ({k['MIX']['reviewer']:.0%}) "
        "are paced to review as many reports as are submitted (the report, the decision, the queue: "
        f"{k['REQUESTS']['review']} requests; 1 in {round(1 / k['RETURN_SHARE'])} returned with a note), each the "
        f"supervisor of a team of its own; the readers ({k['MIX']['reader']:.0%}) come every "
        f"{k['READER_PACING']} s, 2 times in 5 as the leader or an admin opening the city dashboard, 3 times as a new "
        f"citizen (landing page, complaint form, a complaint, its tracking code, the tracking page: "
        f"{k['REQUESTS']['citizen']} requests). Static files are not requested (browsers cache them for a year).",
        "",
        f"Measured {c['date']} by `bench/bench_load.py{flags}`"
        + (" (a smoke run at a low rate, not the issue's)" if smoke else "")
        + ".",
        "",
        f"- Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}, Python {m['python']}, PostgreSQL "
        f"{c['postgresql']}, Redis {r['redis']}; load average {m['load']:.1f} at the start, {c['load_end']:.1f} at "
        "the end. Locust runs on the same cores.",
        f"- Server: `asn_kinerja.settings.bench` (DEBUG off, psycopg pool), {c['gunicorn']}, {server}; a Celery "
        f"worker, prefork × {args['concurrency']}, on Redis database 7; {c['locust_version']}. MFA is not "
        "enforced (supervisors and readers sign in once a run); X-Forwarded-For is trusted as behind the production "
        "proxy, and each bench team (an office) and each citizen has an address of its own (allauth allows 30 "
        "sign-ins a minute per address).",
        f"- Data: {c['database']}, {seeded}: {data['employees']:,} employees ({data['bench_employees']:,} of them "
        f"the bench teams: {data['teams']} supervisors with {data['members']} members each, {k['BACKLOG']} reports "
        f"of each team waiting at the start), {data['daily_reports']:,} daily reports, {data['activities']:,} "
        f"activities, {data['complaints']:,} complaints before the run. Evidence: "
        f"`{data['evidence']['evidence_name']}`, {data['evidence']['evidence_bytes']:,} bytes.",
        f"- Signing in: {login['algorithm']} with {login['iterations']:,} iterations (Django's default hasher) "
        f"costs {login['ms']:.0f} ms of CPU on this machine; at {plan['filings']:.2f} sign-ins/s that is "
        f"{plan['filings'] * login['ms'] / 1000:.2f} of the {m['cores']} cores.",
        "",
        "| users | count | pacing s | target requests/s |",
        "|---|--:|--:|--:|",
    ]
    labels = {"filer": "filing a report", "reviewer": "supervisor reviewing", "reader": "dashboard, citizens"}
    for key, label in labels.items():
        lines.append(f"| {label} | {plan['users'][key]} | {plan['pacing'][key]:.1f} | {plan['target_rps'][key]:.1f} |")
    lines += [
        f"| **all**: {plan['times_peak']:.2f}× the peak ({plan['filings']:.2f} filings/s) | **{plan['total_users']}** "
        f"| | **{plan['target_total']:.1f}** |",
        "",
        "| request | method | requests | failures | p50 ms | p95 ms | p99 ms | max ms | p95 limit ms | |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for row in sorted(loc["stats"], key=lambda row: (-row["requests"], row["name"])):
        lines.append(
            f"| `{row['name']}` | {row['method']} | {row['requests']:,} | {row['failures']:,} | {_ms(row['p50'])} | "
            f"{_ms(row['p95'])} | {_ms(row['p99'])} | {_ms(row['max'])} | {row['limit']:,} | {_verdict(row['ok'])} |"
        )
    if loc["aggregate"]:
        a = loc["aggregate"]
        lines.append(
            f"| **all** | | **{a['requests']:,}** | **{a['failures']:,}** | {_ms(a['p50'])} | {_ms(a['p95'])} | "
            f"{_ms(a['p99'])} | {_ms(a['max'])} | | |"
        )
    ratio = sustained["rps"] / baseline if baseline else float("nan")
    errors_text = f"{agg['failures']:,} failed requests of {agg['requests']:,}" + (
        f", {baseline_errors} in the baseline" if baseline_errors else ""
    )
    worst_text = f"`{worst['name']}` {worst['method']} {_ms(worst['p95'])} ms" if worst else "—"
    drain_text = "not within 15 min" if drain is None else f"{drain:.1f} s"
    lines += [
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| zero errors | {errors_text} | {_verdict(agg['failures'] + baseline_errors == 0)} |",
        f"| p95 < {P95_LIMIT_MS} ms, every request but uploads | the slowest: {worst_text} "
        f"| {_verdict(bool(pages) and all(row['p95'] < P95_LIMIT_MS for row in pages))} |",
        f"| uploads p95 < {UPLOAD_P95_LIMIT_MS:,} ms | {_ms(upload_p95)} ms "
        f"| {_verdict(upload_p95 < UPLOAD_P95_LIMIT_MS)} |",
        f"| Celery queue drained ≤ {DRAIN_LIMIT_S} s after the end | {drain_text} (at most {peak_queue} "
        f"message(s) queued or running at once during the load) "
        f"| {_verdict(drain is not None and drain <= DRAIN_LIMIT_S)} |",
        f"| the planned rate sustained | {sustained['rps']:.1f} of {plan['target_total']:.1f} requests/s "
        f"(s {sustained['from']:.0f}–{sustained['to']:.0f}) "
        f"| {_verdict(sustained['rps'] >= 0.95 * plan['target_total'])} |",
        "",
        f"**Sustained: {sustained['rps']:.1f} requests/s, {ratio:.3f} of the baseline** ({baseline:.0f} requests/s, "
        f"the mean of {base[0]:.0f} before and {base[1]:.0f} after; wrk, {r['connections']} connections).",
        "",
        f"CPU in core-seconds over the {seconds:.0f} s of the load and the drain ({m['cores']} cores give "
        f"{m['cores'] * seconds:.0f}): "
        + ", ".join(f"{group} {value:.0f}" for group, value in sorted(cpu.items(), key=lambda kv: -kv[1]))
        + f", everything else on the machine {max(0.0, r['cpu']['machine'] - ours):.0f}. Per request: gunicorn "
        f"{1000 * cpu.get('gunicorn', 0) / max(agg['requests'], 1):.1f} ms, PostgreSQL "
        f"{1000 * cpu.get('PostgreSQL', 0) / max(agg['requests'], 1):.1f} ms.",
    ]
    if loc["failures"]:
        lines += ["", "Failures (Locust's failures CSV, the most frequent first):", ""]
        failures = sorted(loc["failures"], key=lambda f: -f["count"])[:12]
        lines += [f"- {f['count']:,} × {f['method']} `{f['name']}`: {f['error'][:300]}" for f in failures]
    if c["tracebacks"]:
        log = f"bench/out/load-{c['stamp']}-gunicorn.log"
        lines += ["", f"The gunicorn log holds {c['tracebacks']} traceback(s): `{log}`."]
    return "\n".join(lines)


def write_readme(section: str) -> None:
    harness.write_readme_section(START, END, section)
