"""Data built once per test module, for modules whose every test reads the same expensive world
(a seeded demo city takes seconds; building it for each of ten tests took minutes of the suite).

``module_data(build)`` makes a module-scoped fixture: ``build()`` runs inside an outer transaction
that stays open for the module's tests. Each test's own transaction (the ``db`` fixture) nests in
it as a savepoint, so what a test writes is still undone after it, and the outer transaction is
rolled back after the module's last test: nothing outlives the module. With xdist each worker
builds the world once for the tests of the module it runs.
"""

import pytest
from django.db import transaction


def module_data(build):
    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build()
            transaction.set_rollback(True)

    return fixture
