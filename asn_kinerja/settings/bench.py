"""Benchmarks (`make bench`): production-like (DEBUG off, connection pool, whitenoise) on loopback
over plain HTTP, plus the one-query baseline view that every page benchmark is divided by."""

from .prod import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SECURE_HSTS_SECONDS = 0
SIKAP_BENCH_BASELINE = True
SIKAP_MFA_ENFORCED = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
