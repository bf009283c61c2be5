"""A PostgreSQL server of the test's own (Debian's initdb and pg_ctl), on a free port, in a
temporary folder, with trust authentication. Tests may stop it, kill its backends and start it
again; the machine's own server is never touched."""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from .test_celery_redis import free_port


def _checked(command: list[str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, timeout=timeout, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr.decode(errors='replace')[-3000:]}")
    return done


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    return Path(found[-1]).parent


class PrivatePostgres:
    """``init()`` once, then ``start()`` / ``stop()`` as often as needed; ``destroy()`` last."""

    def __init__(self, dbname: str = "sikap"):
        self.bin = _bin_dir()
        self.port = free_port()
        self.dbname = dbname
        # not under pytest's tmp_path: that folder is private to the user running the tests, and
        # PostgreSQL refuses to run as root, so as root the server runs as the postgres user
        self.root = Path(tempfile.mkdtemp(prefix="sikap-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, user="postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.dbname}"

    def _run(self, *command: str, timeout: float = 60) -> None:
        _checked([*self.as_user, *command], timeout=timeout)

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.start()
        with self.connect("postgres") as conn:
            conn.execute(f'CREATE DATABASE "{self.dbname}"')

    def copy_from(self, source: dict) -> None:
        """Copy a database (schema and rows) from another server: ``source`` is a Django
        ``settings_dict``. Much faster than running the migrations again."""
        env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
        where = ["-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432), "-U", source["USER"]]
        dump = _checked([str(self.bin / "pg_dump"), *where, "--no-owner", "--no-privileges", source["NAME"]], env=env)
        here = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", self.dbname]
        _checked([str(self.bin / "psql"), *here, "-q", "-v", "ON_ERROR_STOP=1"], input=dump.stdout)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        status = subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "status"], capture_output=True
        )
        return status.returncode == 0

    def connect(self, dbname: str | None = None) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname or self.dbname,
            autocommit=True, connect_timeout=5,
        )  # fmt: skip

    def terminate_backends(self) -> int:
        """Kill every other session on the database, as a failover or an operator would."""
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.dbname],
            ).fetchall()
        return len(rows)

    def destroy(self) -> None:
        if self.data.exists() and self.running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""
