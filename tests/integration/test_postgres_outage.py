"""PostgreSQL goes away under a running web server and a running Celery worker, then comes back.

A private PostgreSQL server (tests/integration/private_postgres.py) holds the app's database;
gunicorn and a Celery worker run as real processes on it, with the production defaults
(connection pool on, DEBUG off). The test then:

1. checks that the login page, /healthz and a signed-in page answer 200;
2. terminates every backend of the database: the next requests still answer 200;
3. stops the server: pages answer a friendly Indonesian 503 with Retry-After, /healthz answers
   503, nothing answers 500, and every answer comes within a few seconds;
4. starts the server again: the same pages answer 200, from the same processes;
5. a task sent to the worker during the outage and one sent after it both write to the database.
"""

import contextlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from celery import Celery
from django.db import connection

from tests.factories import PASSWORD

from .private_postgres import PrivatePostgres
from .test_celery_redis import BASE, free_port, wait_for

pytestmark = pytest.mark.integration

USERNAME = "pg.outage"
QUICK = 8.0  # seconds: the longest a request may take while the database is down
CREATE_USER = f"""
from tests.factories import EmployeeFactory, UserFactory
EmployeeFactory(user=UserFactory(username={USERNAME!r}))
"""


@pytest.fixture
def postgres(db):
    """The private server, holding a copy of the test database that pytest-django migrated."""
    server = PrivatePostgres()
    try:
        server.init()
        server.copy_from(connection.settings_dict)
        yield server
    finally:
        server.destroy()


def app_env(postgres: PrivatePostgres) -> dict:
    """What the web and the worker processes run with: the project's defaults (pool on), DEBUG off."""
    env = dict(os.environ)
    for name in ("DB_POOL", "DB_POOL_TIMEOUT", "DB_POOL_MIN", "DB_POOL_MAX", "DB_CONN_MAX_AGE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="asn_kinerja.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_URL=postgres.url,
        SIKAP_MFA_ENFORCED="false",
        LOG_LEVEL="INFO",
    )
    return env


def manage(env: dict, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]


def stop(process: subprocess.Popen, how: signal.Signals) -> None:
    """Stop the process and its children (its own process group), at worst with SIGKILL."""
    if process.poll() is None:
        os.killpg(process.pid, how)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
    process.wait(timeout=10)


class Processes:
    """The web server and the worker, their logs, and how to read them on failure."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.running: dict[str, subprocess.Popen] = {}
        self.stop_signals: dict[str, signal.Signals] = {}

    def start(self, name: str, command: list[str], env: dict, stop_signal: signal.Signals) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("w")
        process = subprocess.Popen(
            command, cwd=BASE, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.running[name] = process
        self.stop_signals[name] = stop_signal
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(f"--- {name} ---\n{self.log(name)[-3000:]}" for name in self.running)

    def stop_all(self) -> None:
        for name, process in self.running.items():
            stop(process, self.stop_signals[name])


@pytest.fixture
def stack(postgres, tmp_path):
    """gunicorn and a Celery worker (on a queue of its own) on the private server, and one user."""
    env = app_env(postgres)
    processes = Processes(tmp_path)
    port = free_port()
    queue = f"pg-outage-{uuid.uuid4().hex[:8]}"
    try:
        gunicorn = [sys.executable, "-m", "gunicorn", "asn_kinerja.wsgi", "--bind", f"127.0.0.1:{port}"]
        gunicorn += ["--workers", "2", "--timeout", "30", "--access-logfile", "-", "--no-control-socket"]
        processes.start("web", gunicorn, env, stop_signal=signal.SIGINT)  # quick shutdown
        celery = [sys.executable, "-m", "celery", "-A", "asn_kinerja", "worker", "--pool", "solo", "-l", "info"]
        celery += ["-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"]
        # stopped warm: a task it holds goes back to the queue
        processes.start("worker", [*celery, "-n", f"{queue}@%h"], env, stop_signal=signal.SIGTERM)
        manage(env, "shell", "-c", CREATE_USER)
        web = Web(port)
        assert wait_for(lambda: web.answers(), timeout=30), processes.logs()
        assert wait_for(lambda: "ready" in processes.log("worker"), timeout=30), processes.logs()
        yield web, Worker(queue, postgres), processes
    finally:
        processes.stop_all()
        redis.Redis.from_url(os.environ["REDIS_URL"]).delete(queue)  # what a failed run left queued
        print(processes.logs(), "\n--- postgres ---\n", postgres.log_tail())  # shown when the test failed


class Web:
    """A tiny HTTP client (no redirects followed) with a cookie jar of one site."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, cookies: bool = True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            conn.close()
        response.seconds = time.monotonic() - started
        response.text = text
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, path: str, cookies: bool = True):
        return self.request("GET", path, cookies=cookies)

    def answers(self) -> bool:
        try:
            return self.get("/healthz", cookies=False).status in (200, 503)
        except OSError:
            return False

    def log_in(self):
        page = self.get("/accounts/login/")
        assert page.status == 200, page.text[:2000]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        form = {"login": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
        return self.request("POST", "/accounts/login/", form)


class Worker:
    """Sends ``apps.core.tasks.ping`` to the worker's queue; the task writes a row of the
    database cache, which the test reads straight from the private server."""

    def __init__(self, queue: str, postgres: PrivatePostgres):
        self.queue = queue
        self.postgres = postgres
        self.app = Celery("pg-outage", broker=os.environ["REDIS_URL"], set_as_current=False)

    def send_ping(self) -> str:
        token = uuid.uuid4().hex
        self.app.send_task("apps.core.tasks.ping", kwargs={"token": token}, queue=self.queue)
        return token

    def pinged(self, token: str) -> bool:
        try:
            with self.postgres.connect() as conn:
                row = conn.execute("SELECT 1 FROM sikap_cache WHERE cache_key = %s", [f":1:ping:{token}"]).fetchone()
        except Exception:  # the server is down
            return False
        return row is not None


def assert_page(response, statuses=(200,)):
    """Never a 500 or a traceback; a 503 is the friendly one."""
    assert response.status in statuses, (response.status, response.text[:3000])
    assert "Traceback" not in response.text
    if response.status == 503 and not response.getheader("Content-Type", "").startswith("application/json"):
        assert "sedang tidak tersedia" in response.text, response.text[:3000]
        assert response.getheader("Retry-After"), "a 503 page says when to come back"


def test_web_and_worker_ride_out_a_postgres_outage(postgres, stack):
    web, worker, processes = stack
    pids = {name: process.pid for name, process in processes.running.items()}

    # 1. all up
    signed_in = web.log_in()
    assert signed_in.status == 302 and "sessionid" in web.cookies, signed_in.text[:2000]
    for path in ("/healthz", "/"):
        assert_page(web.get(path))
    assert_page(web.get("/accounts/login/", cookies=False))
    before = worker.send_ping()
    assert wait_for(lambda: worker.pinged(before), timeout=30), processes.logs()

    # 2. every backend killed (a failover, an operator's pg_terminate_backend): the pools notice
    # the dead connections before handing them out, so nobody sees an error
    assert postgres.terminate_backends() >= 2  # at least the web's and the worker's pooled connections
    for path in ("/", "/healthz", "/"):
        assert_page(web.get(path))
    killed = worker.send_ping()
    assert wait_for(lambda: worker.pinged(killed), timeout=30), processes.logs()

    # 3. the server is down: quick, friendly 503s; pages that need no database still work
    postgres.stop("fast")
    during = worker.send_ping()
    health = web.get("/healthz", cookies=False)  # as a monitor asks: no session
    assert health.status == 503 and health.seconds < QUICK, (health.status, health.seconds, health.text)
    assert json.loads(health.text)["database"] != "ok"
    page = web.get("/")  # the session lookup fails in a middleware
    assert_page(page, statuses=(503,))
    assert page.seconds < QUICK, page.seconds
    anonymous = Web(web.port)
    refused = anonymous.log_in()  # the login form needs no database, signing in does (in the view)
    assert_page(refused, statuses=(503,))
    assert refused.seconds < QUICK, refused.seconds
    # the task sent during the outage failed to reach the database and was put back, not dropped
    assert wait_for(lambda: "retry: Retry in" in processes.log("worker"), timeout=20), processes.logs()

    # 4. the server is back: the same processes answer again, without a restart
    postgres.start()
    restarted = time.monotonic()
    assert wait_for(lambda: web.get("/").status == 200, timeout=30, step=0.5), processes.logs()
    recovered_in = time.monotonic() - restarted
    assert recovered_in < 12, recovered_in
    for path in ("/healthz", "/"):
        assert_page(web.get(path))
    assert anonymous.log_in().status == 302

    # 5. the task sent during the outage and one sent now both reach the database
    after = worker.send_ping()
    assert wait_for(lambda: worker.pinged(after), timeout=30), processes.logs()
    assert wait_for(lambda: worker.pinged(during), timeout=45), processes.logs()

    assert {name: process.pid for name, process in processes.running.items()} == pids
    assert all(process.poll() is None for process in processes.running.values())
    assert "WORKER TIMEOUT" not in processes.log("web")
    assert not re.search(r"HTTP/1.1\" 500 ", processes.log("web")), processes.log("web")[-3000:]
