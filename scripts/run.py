"""`make run`: the whole product in one terminal (web, Celery worker, Celery beat).

1. Attach to the database (DATABASE_URL, or start the embedded PostgreSQL and hold it open).
2. Migrate, create the cache table, and build the demo city when the database has none.
3. Start web, worker and beat; print the URL and the demo accounts; Ctrl-C stops all three,
   then the embedded PostgreSQL.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
PY = sys.executable
HOST = os.environ.get("SIKAP_HOST", "127.0.0.1")
PORT = os.environ.get("SIKAP_PORT", "8000")


def main() -> int:
    os.chdir(BASE)
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "asn_kinerja.settings.dev")
    # The local demo has one shared password per role; TOTP stays on in production settings.
    env.setdefault("SIKAP_MFA_ENFORCED", "false")
    if not env.get("DATABASE_URL"):
        from asn_kinerja.embedded import embedded_database_url

        # This process holds the embedded server for the children, and stops it on exit.
        env["DATABASE_URL"] = embedded_database_url(BASE)
        print("PostgreSQL tertanam aktif di .pgdata/")

    def manage(*args):
        subprocess.run([PY, "manage.py", *args], env=env, check=True)

    manage("migrate", "--no-input", "-v", "0")
    manage("createcachetable")
    manage("seed_demo", "--if-empty")

    # The embedded file-system broker (settings: CELERY_BROKER_TRANSPORT_OPTIONS) reads folders that
    # kombu never creates: on a fresh clone the worker would die at once without them.
    for folder in ("broker", "broker-processed", "broker-control"):
        (BASE / ".run" / folder).mkdir(parents=True, exist_ok=True)
    celery = [PY, "-m", "celery", "-A", "asn_kinerja"]
    processes = {
        "web": subprocess.Popen([PY, "manage.py", "runserver", "--noreload", f"{HOST}:{PORT}"], env=env),
        "worker": subprocess.Popen([*celery, "worker", "-l", "warning", "--concurrency", "2"], env=env),
        "beat": subprocess.Popen(
            [*celery, "beat", "-l", "warning", "-s", str(BASE / ".run" / "celerybeat-schedule")], env=env
        ),
    }

    from apps.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    print(f"\nSIKAP ASN berjalan di http://{HOST}:{PORT}/  (Ctrl-C untuk berhenti)\n")
    print(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD})")
    labels = {"asn": "ASN", "supervisor": "Atasan", "admin": "Admin BKPSDM", "leader": "Pimpinan"}
    for role, username in DEMO_ACCOUNTS.items():
        print(f"  {labels[role]:<14} {username}")
    print()

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(f"{name} berhenti (kode {process.returncode}); menghentikan semuanya.")
                    stopping = True
            time.sleep(0.5)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    print("Semua proses berhenti.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
