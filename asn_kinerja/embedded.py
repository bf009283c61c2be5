"""Embedded PostgreSQL (pgserver) for machines with no DATABASE_URL.

The server's data lives in ``.pgdata/`` inside the project (git-ignored). Every process of the
project (web, worker, beat, each pytest-xdist worker) attaches to the same server; pgserver counts
the attached processes and stops PostgreSQL when the last one exits.
"""

import json
import logging
import os
from pathlib import Path

DB_NAME = "sikap"


def embedded_database_url(base_dir: Path) -> str:
    # pgserver keeps its inter-process lock in the user's runtime dir; give it one inside the
    # project so that machines without XDG_RUNTIME_DIR (containers, CI) need nothing set up.
    runtime_dir = base_dir / ".run" / "runtime"
    runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    logging.getLogger("pgserver").setLevel(logging.WARNING)

    import pgserver
    from pgserver.postgres_server import PostgresServer

    pgdata = base_dir / ".pgdata"
    _forget_dead_handles(pgdata, PostgresServer._lock)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")  # noqa: S608 - a constant
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    socket_dir = server.get_uri().split("host=", 1)[1]
    return f"postgres://postgres@/{DB_NAME}?host={socket_dir}"


def _forget_dead_handles(pgdata: Path, lock) -> None:
    """pgserver stops PostgreSQL when the last attached process exits, counting them in a file.
    A process killed with SIGKILL never signs off, which would keep the server running forever:
    drop such pids before attaching."""
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    import psutil

    with lock:
        try:
            pids = json.loads(handles.read_text())
        except ValueError:
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))
