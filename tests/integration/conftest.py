"""Integration tests run against this machine's PostgreSQL and Redis (``.ci/run`` sets
DATABASE_URL and REDIS_URL). Without them the tests fail loudly rather than skip."""

import os

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session", autouse=True)
def _require_real_services():
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing:
        pytest.fail(f"integration tests need {', '.join(missing)} (see .ci/run)", pytrace=False)
