"""Embedded PostgreSQL (pgserver) for machines with no DATABASE_URL.

The server's data lives in ``.pgdata/`` inside the project (git-ignored). Every process of the
project (web, worker, beat, each pytest-xdist worker) attaches to the same server; pgserver counts
the attached processes and stops PostgreSQL when the last one exits.
"""

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

    server = pgserver.get_server(base_dir / ".pgdata", cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    socket_dir = server.get_uri().split("host=", 1)[1]
    return f"postgres://postgres@/{DB_NAME}?host={socket_dir}"
