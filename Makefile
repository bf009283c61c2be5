# SIKAP ASN. `make run` and `make test` are the two commands a fresh machine needs (README.md).
SHELL := /bin/bash
PY := .venv/bin/python
# Tests run in parallel; two workers fit the 2-core machines this project targets.
TEST_WORKERS ?= 2

.PHONY: run test test-integration lint format audit bench messages vendor clean

run:
	@scripts/system-deps.sh run
	@scripts/venv.sh requirements.txt
	@$(PY) scripts/run.py

test:
	@scripts/system-deps.sh test
	@scripts/venv.sh requirements-dev.txt
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not integration" $(PYTEST_ARGS)

# Needs a real PostgreSQL and Redis: DATABASE_URL and REDIS_URL (see .ci/run).
test-integration:
	@scripts/venv.sh requirements-dev.txt
	$(PY) -m pytest -p no:xdist -m integration $(PYTEST_ARGS)

lint:
	@scripts/venv.sh requirements-dev.txt
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint templates --lint

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Pins lagging behind the newest patch release of their line, read from PyPI (scripts/audit_deps.py).
audit:
	@scripts/venv.sh requirements-dev.txt
	$(PY) scripts/audit_deps.py $(AUDIT_ARGS)

bench:
	@scripts/system-deps.sh bench
	@scripts/venv.sh requirements-bench.txt
	$(PY) bench/run.py
	$(PY) bench/bench_seed.py
	$(PY) bench/bench_import.py
	$(PY) bench/bench_daily_reports.py
	$(PY) bench/bench_reports.py
	$(PY) bench/bench_dashboards.py
	$(PY) bench/bench_load.py

# Refresh the English catalogue from the code (needs gettext), then compile every catalogue.
# Our msgids are Indonesian; locale/en translates them, locale/id only overrides library wording.
messages:
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=bench --ignore=tests --ignore=screenshots
	$(PY) scripts/compile_messages.py

vendor:
	cd /tmp && npm pack htmx.org@2.0.11 && tar xzf htmx.org-2.0.11.tgz && cp package/dist/htmx.min.js $(CURDIR)/static/vendor/

clean:
	rm -rf .run staticfiles .pytest_cache
