"""`make bench` step: the employee bulk import with 20,000 rows (target: under 60 s, upload to applied).

1. Creates a fresh database `sikap_bench_import` (on DATABASE_URL's server, or the embedded one),
   migrates it and seeds a small demo city (`seed_demo --employees 50`) for its units and heads.
2. Builds N valid employees (new NIPs, demo units; one in 20 reports to the unit's head, the others
   to a supervisor in the same file) and writes them as XLSX and as CSV with the export code.
3. Times, separately: reading and checking the XLSX (`employee_import_create`), applying it
   (`employee_import_apply`), then the same for the CSV, which must change nothing, and an export.
4. Prints the table and rewrites its section of bench/README.md between the import markers.
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for manage.py imports

import psycopg

from bench import harness

README = Path(__file__).resolve().parent / "README.md"
IMPORT_DB = "sikap_bench_import"
START, END = "<!-- import:start -->", "<!-- import:end -->"
TARGET_SECONDS = 60


def fresh_database(url: str) -> str:
    """Drop and create IMPORT_DB on the server behind ``url``; return its URL."""
    base, _, query = url.partition("?")
    server, _, _name = base.rpartition("/")
    suffix = f"?{query}" if query else ""
    with psycopg.connect(f"{server}/postgres{suffix}", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {IMPORT_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {IMPORT_DB}")
    return f"{server}/{IMPORT_DB}{suffix}"


def build_rows(count: int, seed: int = 20_000) -> list[list[str]]:
    """The header and ``count`` valid employees that do not exist yet."""
    from apps.employees.imports.exporting import HEADER
    from apps.employees.models import Employee, OrgUnit
    from apps.employees.nip import make_nip

    rng = random.Random(seed)
    taken = set(Employee.objects.values_list("nip", flat=True))
    names = Counter(OrgUnit.objects.values_list("name", flat=True))
    heads = OrgUnit.objects.filter(is_active=True, head__isnull=False).values_list("name", "head__nip")
    units = [(name, head) for name, head in heads.order_by("name") if names[name] == 1]
    rows, boss = [list(HEADER)], None
    for n in range(count):
        unit, head = units[(n // 20) % len(units)] if n % 20 == 0 else (rows[-1][8], None)
        gender = rng.choice("LP")
        birth = datetime.date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        tmt = datetime.date(birth.year + rng.randint(21, 27), rng.randint(1, 12), 1)
        nip = make_nip(birth_date=birth, tmt_cpns=tmt, gender=gender, sequence=rng.randint(1, 999))
        while nip in taken:
            nip = make_nip(birth_date=birth, tmt_cpns=tmt, gender=gender, sequence=rng.randint(1, 999))
        taken.add(nip)
        supervisor = head if n % 20 == 0 else boss
        if n % 20 == 0:
            boss = nip
        pppk = rng.random() < 0.15
        rows.append(
            [
                nip,
                f"Pegawai Bench {n}",
                "Dr." if n % 97 == 0 else "",
                rng.choice(["S.E.", "S.Kom.", "S.H.", "A.Md.", ""]),
                gender,
                rng.choice(["IX", "X", "VII"]) if pppk else rng.choice(["II/c", "III/a", "III/b", "III/c", "IV/a"]),
                "Kepala Seksi" if n % 20 == 0 else "Pengolah Data dan Informasi",
                "Pengawas" if n % 20 == 0 else "Pelaksana",
                unit,
                supervisor,
                "PPPK" if pppk else "PNS",
                f"pegawai{n}@bench.sikap.local",
                f"0711 {n:06d}",
            ]
        )
    return rows


def timed(step):
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


def measure(count: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.accounts.models import User
    from apps.core.demo import DEMO_ACCOUNTS
    from apps.employees.imports import exporting
    from apps.employees.imports.services import employee_import_apply, employee_import_create
    from apps.employees.models import Employee

    admin = User.objects.get(username=DEMO_ACCOUNTS["admin"])
    rows = build_rows(count)
    xlsx, csv = exporting.write_xlsx(rows), exporting.write_csv(rows)
    results = {"rows": count, "xlsx_mib": len(xlsx) / 2**20, "csv_mib": len(csv) / 2**20}

    def create(content, name):
        employee_import = employee_import_create(actor=admin, uploaded_file=SimpleUploadedFile(name, content))
        if employee_import.errors:
            raise SystemExit(f"unexpected errors in {name}: {employee_import.errors[:5]}")
        return employee_import

    first, results["xlsx_create"] = timed(lambda: create(xlsx, "bench.xlsx"))
    counts, results["xlsx_apply"] = timed(lambda: employee_import_apply(actor=admin, employee_import=first))
    assert counts["created"] == count, counts
    again, results["csv_create"] = timed(lambda: create(csv, "bench.csv"))
    counts, results["csv_apply"] = timed(lambda: employee_import_apply(actor=admin, employee_import=again))
    assert counts["unchanged"] == count and counts["created"] == counts["updated"] == 0, counts
    _rows, results["export"] = timed(lambda: exporting.write_xlsx(exporting.employees_to_rows(Employee.objects.all())))
    results["employees"] = Employee.objects.count()
    return results


def render(results: dict, machine: dict, description: str) -> str:
    total = results["xlsx_create"] + results["xlsx_apply"]
    verdict = "PASS" if total < TARGET_SECONDS else "FAIL"
    now = datetime.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB")
    n = f"{results['rows']:,}"
    lines = [
        START,
        f"### Employee import: {n} rows (`bench/bench_import.py`, {now})",
        "",
        f"- Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['cpu']}, "
        f"Python {machine['python']}, load {machine['load']:.1f} at start.",
        f"- Database: {description.replace(harness.BENCH_DB, IMPORT_DB)}, freshly created, migrated, "
        "`seed_demo --employees 50` for the units.",
        f"- Files: XLSX {results['xlsx_mib']:.1f} MiB, CSV {results['csv_mib']:.1f} MiB, the same {n} new employees "
        "(1 in 20 reports to a unit head, the rest to a supervisor in the same file).",
        "",
        "| step | seconds |",
        "|---|--:|",
        f"| XLSX upload: read + check + store preview | {results['xlsx_create']:.1f} |",
        f"| XLSX confirm: apply ({n} created) | {results['xlsx_apply']:.1f} |",
        f"| **XLSX upload to applied** | **{total:.1f}** |",
        f"| CSV re-import: read + check + store preview | {results['csv_create']:.1f} |",
        f"| CSV re-import: apply ({n} unchanged, nothing written) | {results['csv_apply']:.1f} |",
        f"| export of all {results['employees']:,} employees to XLSX | {results['export']:.1f} |",
        "",
        f"{verdict}: {total:.1f} s from upload to applied (target: {n} rows in under {TARGET_SECONDS} s).",
        END,
    ]
    return "\n".join(lines)


def write_readme(section: str) -> None:
    harness.write_readme_section(START, END, section)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--no-readme", action="store_true", help="print the results, leave bench/README.md alone")
    args = parser.parse_args()
    os.chdir(harness.BASE)
    machine = harness.machine()
    url, description = harness.database_url()  # holds the embedded server until we exit
    env = {"DATABASE_URL": fresh_database(url), "DJANGO_SETTINGS_MODULE": "asn_kinerja.settings.dev"}
    env["DJANGO_DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], check=True)
    subprocess.run([sys.executable, "manage.py", "seed_demo", "--employees", "50", "-v", "0"], check=True)

    import django

    django.setup()
    results = measure(args.rows)
    section = render(results, machine, description)
    print(section)
    if not args.no_readme:
        write_readme(section)
        print(f"Results written to {README.relative_to(harness.BASE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
