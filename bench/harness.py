"""The parts of `make bench` that know nothing about which pages are measured: the database, the
gunicorn server, logging in, running wrk and watching the workers' memory (bench/run.py uses them)."""

from __future__ import annotations

import http.cookiejar
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

BASE = Path(__file__).resolve().parent.parent
README = BASE / "bench" / "README.md"


def write_readme_section(start: str, end: str, section: str, *, after: str | None = None) -> None:
    """Put ``section`` between the ``start`` and ``end`` markers of bench/README.md (the markers are
    added here; a section that already carries them is accepted too). Where the markers are not
    there yet, the block goes right after the marker ``after``, or at the end."""
    body = section.strip("\n").removeprefix(start).removesuffix(end).strip("\n")
    block = f"{start}\n{body}\n{end}"
    text = README.read_text() if README.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    elif after is not None and after in text:
        text = text.replace(after, f"{after}\n\n{block}", 1)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    README.write_text(text)


BENCH_DB = "sikap_bench"
# wrk calls done() once at the end of a run; the default report has no p95, so print our own line.
WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %.0f %.0f %.0f %d %d %d %d %d\\n",
    summary.requests, summary.duration,
    latency:percentile(50.0), latency:percentile(95.0), latency:percentile(99.0),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


# --- Database -------------------------------------------------------------------------------------
def database_url() -> tuple[str, str]:
    """(url, description). DATABASE_URL when set; otherwise the embedded server, attached for as
    long as this process lives, with a database of its own so the dev demo data stays untouched."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"], "DATABASE_URL"
    from asn_kinerja.embedded import DB_NAME, embedded_database_url

    url = embedded_database_url(BASE).replace(f"/{DB_NAME}?", f"/{BENCH_DB}?", 1)
    import psycopg

    admin_url = url.replace(f"/{BENCH_DB}?", "/postgres?", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone() is None:
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return url, f"embedded PostgreSQL (pgserver, .pgdata/), database {BENCH_DB}"


def scalar(url: str, sql: str):
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(sql).fetchone()
    return row[0] if row else None


def fresh_database(url: str, name: str) -> str:
    """Drop and create the database ``name`` on the server behind ``url``; return its URL."""
    import psycopg

    base, _, query = url.partition("?")
    server = base.rpartition("/")[0]
    suffix = f"?{query}" if query else ""
    with psycopg.connect(f"{server}/postgres{suffix}", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}{suffix}"


# --- Machine ----------------------------------------------------------------------------------------
def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": len(os.sched_getaffinity(0)),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "load": os.getloadavg()[0],
    }


def tool_version(args: list[str]) -> str:
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "unknown"


# --- Server -----------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 in its own process group; stop() always ends it. ``worker_class``
    "sync" (docker-compose.yml's web service) takes no threads."""

    def __init__(self, env: dict, workers: int, threads: int, log_path: Path, worker_class: str = "gthread"):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = log_path.open("w")
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn, "asn_kinerja.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--worker-class", worker_class]
        command += ["--threads", str(threads)] if worker_class == "gthread" else []
        command += ["--graceful-timeout", "5", "--log-level", "warning"]
        self.process = subprocess.Popen(
            command, cwd=BASE, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn not ready after {timeout:.0f}s; see {self.log.name}")

    def workers(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # our own group, started above
                self.process.wait(timeout=5)
        self.log.close()


class WorkerStats:
    """Samples the RSS of every gunicorn worker every 0.1 s in a thread; `peak` is the largest
    single-worker RSS (bytes) since the last reset()."""

    def __init__(self, server: Server):
        self.server = server
        self.peak = 0
        self.overall = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            for worker in self.server.workers():
                try:
                    rss = worker.memory_info().rss
                except psutil.Error:
                    continue
                self.peak = max(self.peak, rss)
                self.overall = max(self.overall, rss)

    def reset(self) -> None:
        self.peak = 0

    def cpu_seconds(self) -> float:
        """User + system CPU time the workers have used so far. Per request, it barely moves when
        other work competes for the cores, unlike requests/s."""
        total = 0.0
        for worker in self.server.workers():
            try:
                times = worker.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


# --- HTTP -------------------------------------------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base_url: str, username: str, password: str) -> str:
    """Signs in through the real login form (csrf token, then POST) and returns the sessionid."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base_url + "/accounts/login/", timeout=30) as response:
        html = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no csrfmiddlewaretoken on /accounts/login/")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "login": username, "password": password}
    ).encode()
    request = urllib.request.Request(base_url + "/accounts/login/", data=data, method="POST")
    request.add_header("Referer", base_url + "/accounts/login/")
    with opener.open(request, timeout=30) as response:
        response.read()
    session = next((cookie.value for cookie in jar if cookie.name == "sessionid"), None)
    if not session:
        raise RuntimeError(f"login as {username} gave no sessionid (wrong password, or MFA required?)")
    return session


def probe(url: str, session: str | None) -> tuple[int, str]:
    """One GET without following redirects: (status, Location) so a row that redirects to the
    login page is caught before wrk counts 302s as successes."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url)
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


# --- wrk --------------------------------------------------------------------------------------------
@dataclass
class WrkResult:
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non_2xx: int


def wrk(url: str, session: str | None, *, duration: int, threads: int, connections: int, lua: Path) -> WrkResult:
    return wrk_with_output(url, session, duration=duration, threads=threads, connections=connections, lua=lua)[0]


def wrk_with_output(
    url: str,
    session: str | None,
    *,
    duration: int,
    threads: int,
    connections: int,
    lua: Path,
    script_args: tuple[str, ...] = (),
) -> tuple[WrkResult, str]:
    """wrk() that also passes arguments to the Lua script's init(args) and returns wrk's whole
    output, for scripts that print lines of their own next to the BENCH line."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    command += ["-s", str(lua)]
    if session:
        command += ["-H", f"Cookie: sessionid={session}"]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    line = next((line for line in out.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no BENCH line:\n{out}")
    requests, duration_us, p50, p95, p99, *errors = (int(float(part)) for part in line.split()[1:])
    connect, read, write, status, timeout = errors
    result = WrkResult(
        requests=requests,
        rps=requests / (duration_us / 1e6),
        p50_ms=p50 / 1000,
        p95_ms=p95 / 1000,
        p99_ms=p99 / 1000,
        errors=connect + read + write + timeout,
        non_2xx=status,
    )
    return result, out


def write_lua(folder: Path) -> Path:
    path = folder / "report.lua"
    path.write_text(WRK_LUA)
    return path


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run `make bench` (it apt-installs wrk) or `apt-get install wrk`.")
