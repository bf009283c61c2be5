#!/usr/bin/env python
"""List every pinned dependency that lags behind the newest patch release of its line.

Vulnerability databases are not reachable from the machines this project runs on, so staying on the
newest patch release of each pinned line is the defence. ``make audit`` runs this script: it reads the
``name==version`` pins of requirements.txt, requirements-dev.txt and requirements-bench.txt (with
``-r`` includes), asks the package index for every release of each name, and prints the pins that
lag. Exit status: 0 when every pin is current, 1 when any pin lags, 2 when a pin cannot be checked
(not on the index, index error).

A "line" is the pin's major.minor: 5.2.3 is current only when no 5.2.x above it exists. Releases that
are yanked (every file yanked, or no file at all) and pre-/dev releases are ignored. Calendar-versioned
packages (certifi 2025.1.31, drf-spectacular-sidecar 2026.10.1) have no meaningful line, so their
newest release is treated as the line's newest.

Usage:
    python scripts/audit_deps.py [--json] [--index-file INDEX.json] [requirements files...]

``--index-file`` reads a local JSON file ``{"name": {"version": [{"yanked": false}, ...]}}`` (the shape
of the "releases" member of https://pypi.org/pypi/<name>/json) instead of asking PyPI, for offline use.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

try:
    from packaging.version import InvalidVersion, Version
except ImportError:  # pragma: no cover - a venv without packaging still has pip's vendored copy
    from pip._vendor.packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = (ROOT / "requirements.txt", ROOT / "requirements-dev.txt", ROOT / "requirements-bench.txt")
PYPI_JSON = "https://pypi.org/pypi/{name}/json"

# Calendar-versioned packages named explicitly; any version whose major looks like a year (>= 1990) is
# treated the same way.
CALENDAR_VERSIONED = {"certifi", "drf-spectacular-sidecar", "tzdata", "pytz"}

# The "releases" member of PyPI's JSON API: version string -> list of file dicts (each with "yanked").
Releases = dict[str, list[dict]]
# name -> its releases, or None when the index does not know the name.
Lookup = Callable[[str], Releases | None]

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;#]+)\s*(?:;.*)?$")


class RequirementsError(ValueError):
    pass


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    source: str  # "requirements.txt:3"


@dataclass(frozen=True)
class Result:
    name: str
    pinned: str
    line_newest: str | None  # newest non-yanked final release of the pin's line
    newest: str | None  # newest non-yanked final release overall
    status: str  # "current", "lagging" or "error"
    source: str
    calendar: bool = False
    error: str = ""


def normalize(name: str) -> str:
    """PEP 503 name normalisation: Django, django and DJANGO are one project; so are a_b and a-b."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirements(paths: Iterable[Path]) -> list[Pin]:
    """The ``name==version`` pins of the files, following ``-r`` includes, each name once."""
    pins: dict[str, Pin] = {}
    seen: set[Path] = set()

    def read(path: Path) -> None:
        path = path.resolve()
        if path in seen:
            return
        seen.add(path)
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            include = re.match(r"^(?:-r|--requirement)(?:\s+|=)(.+)$", line)
            if include:
                read(path.parent / include.group(1).strip())
                continue
            match = PIN.match(line)
            where = f"{path.name}:{number}"
            if not match:
                raise RequirementsError(f"{where}: not a name==version pin: {raw!r}")
            key = normalize(match.group("name"))
            pin = Pin(match.group("name"), match.group("version"), where)
            if key in pins and pins[key].version != pin.version:
                raise RequirementsError(
                    f"{where}: {pin.name} pinned again ({pins[key].source} pins {pins[key].version})"
                )
            pins.setdefault(key, pin)

    for path in paths:
        read(Path(path))
    return list(pins.values())


def installable_versions(releases: Releases) -> list[Version]:
    """Final releases with at least one file not yanked, oldest first."""
    versions = []
    for text, files in releases.items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if version.is_prerelease or version.is_devrelease:
            continue
        if not files or all(f.get("yanked", False) for f in files):
            continue
        versions.append(version)
    return sorted(versions)


def line_of(version: Version) -> tuple[int, int]:
    """major.minor, with a missing minor read as 0 ("2" is on the 2.0 line)."""
    return (*version.release, 0)[:2]


def is_calendar_versioned(name: str, version: Version) -> bool:
    return normalize(name) in CALENDAR_VERSIONED or version.major >= 1990


def check_pin(pin: Pin, releases: Releases | None) -> Result:
    base = {"name": pin.name, "pinned": pin.version, "source": pin.source}
    if releases is None:
        return Result(**base, line_newest=None, newest=None, status="error", error="not found on the package index")
    try:
        pinned = Version(pin.version)
    except InvalidVersion:
        return Result(**base, line_newest=None, newest=None, status="error", error="pinned version is not valid")
    versions = installable_versions(releases)
    if not versions:
        return Result(
            **base, line_newest=None, newest=None, status="error", error="no installable release on the index"
        )
    newest = versions[-1]
    calendar = is_calendar_versioned(pin.name, pinned)
    if calendar:
        line_newest = newest
    else:
        line = [v for v in versions if line_of(v) == line_of(pinned)]
        line_newest = line[-1] if line else None
    if line_newest is None:
        # The pin's own line has no installable release (e.g. the pinned release was yanked).
        return Result(
            **base,
            line_newest=None,
            newest=str(newest),
            status="error",
            error="no installable release of this line",
            calendar=calendar,
        )
    status = "lagging" if pinned < line_newest else "current"
    error = "" if pinned in versions or status == "lagging" else "pinned release is yanked or missing"
    if error:
        status = "error"
    return Result(
        **base, line_newest=str(line_newest), newest=str(newest), status=status, calendar=calendar, error=error
    )


def audit(pins: Iterable[Pin], lookup: Lookup, workers: int = 8) -> list[Result]:
    """Check each pin against ``lookup`` (name -> releases or None). An exception from the lookup is
    reported as that pin's error, not raised."""
    pins = list(pins)

    def one(pin: Pin) -> Result:
        try:
            releases = lookup(pin.name)
        except Exception as exc:  # network errors, bad JSON: report, keep checking the others
            return Result(pin.name, pin.version, None, None, "error", pin.source, error=f"index lookup failed: {exc}")
        return check_pin(pin, releases)

    if workers <= 1:
        return [one(pin) for pin in pins]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, pins))


def pypi_lookup(name: str, timeout: float = 20) -> Releases | None:
    url = PYPI_JSON.format(name=normalize(name))
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "sikap-audit-deps"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)["releases"]
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def file_lookup(path: Path) -> Lookup:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    index = {normalize(name): releases for name, releases in data.items()}
    return lambda name: index.get(normalize(name))


def exit_status(results: Iterable[Result]) -> int:
    statuses = {r.status for r in results}
    if "error" in statuses:
        return 2
    return 1 if "lagging" in statuses else 0


def format_table(results: list[Result]) -> str:
    lagging = [r for r in results if r.status == "lagging"]
    errors = [r for r in results if r.status == "error"]
    lines = []
    if lagging:
        rows = [("package", "pinned", "newest patch of line", "newest overall")]
        for r in lagging:
            rows.append((r.name, r.pinned, r.line_newest + (" (calendar)" if r.calendar else ""), r.newest))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for i, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                lines.append("  ".join("-" * w for w in widths))
    for r in errors:
        lines.append(f"ERROR {r.name}=={r.pinned} ({r.source}): {r.error}")
    lines.append(f"{len(results)} pins checked: {len(lagging)} lagging, {len(errors)} could not be checked.")
    return "\n".join(lines)


def main(argv: list[str] | None = None, lookup: Lookup | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="requirements files (default: requirements*.txt)")
    parser.add_argument("--json", action="store_true", help="print every pin's result as JSON")
    parser.add_argument("--index-file", type=Path, help="read releases from this JSON file instead of PyPI")
    args = parser.parse_args(argv)
    try:
        pins = parse_requirements(args.files or DEFAULT_FILES)
    except (OSError, RequirementsError) as exc:
        print(f"audit_deps: {exc}", file=sys.stderr)
        return 2
    if lookup is None:
        lookup = file_lookup(args.index_file) if args.index_file else pypi_lookup
    results = audit(pins, lookup)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(format_table(results))
    return exit_status(results)


if __name__ == "__main__":
    sys.exit(main())
