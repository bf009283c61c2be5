"""The benchmark's settings: exactly ``asn_kinerja.settings.bench`` except that static files are
collected into the temporary folder bench/run.py names in BENCH_STATIC_ROOT, so a benchmark never
touches the project's ``staticfiles/``."""

import os

from asn_kinerja.settings.bench import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
