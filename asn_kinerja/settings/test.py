"""The test suite: fast hashing, in-memory email, tasks run where they are dispatched."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# pytest-django creates one database per xdist worker; a pool per worker buys nothing there.
DATABASES["default"]["OPTIONS"].pop("pool", None)
DATABASES["default"]["CONN_MAX_AGE"] = 0
# A test database per pytest process, so two test runs on one server never drop each other's
# database (pytest-django adds the xdist worker suffix to this name).
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
SIKAP_BENCH_BASELINE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Messages sent by tests go to a folder of their own, never to the dev broker in .run/.
if not REDIS_URL:
    _broker_dir = Path(tempfile.gettempdir()) / f"sikap-test-broker-{os.getpid()}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    _broker_dir.mkdir(parents=True, exist_ok=True)
