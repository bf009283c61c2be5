"""apps/core/kept.py: a computation kept in the shared cache, held decoded per process, trusted
only while the shared cache names it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import kept as kept_module
from apps.core.kept import kept

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"n": self.calls}


def test_computed_once_then_held_for_one_small_read():
    compute = Counter()
    first = kept("t:held", 60, compute)
    with CaptureQueriesContext(connection) as queries:
        again = kept("t:held", 60, compute)
    assert again is first and compute.calls == 1
    assert len(queries) == 1 and "t:held:stamp" in queries[0]["sql"]  # the stamp, not the value


def test_refresh_computes_again():
    compute = Counter()
    kept("t:refresh", 60, compute)
    assert kept("t:refresh", 60, compute, refresh=True) == {"n": 2}
    assert kept("t:refresh", 60, compute) == {"n": 2}


def test_a_computation_in_another_process_replaces_what_this_one_holds():
    compute = Counter()
    kept("t:other", 60, compute)
    cache.set_many({"t:other": {"n": "elsewhere"}, "t:other:stamp": "another-stamp"}, 60)
    assert kept("t:other", 60, compute) == {"n": "elsewhere"} and compute.calls == 1


def test_expired_in_the_shared_cache_means_computed_again():
    compute = Counter()
    kept("t:expired", 60, compute)
    cache.clear()
    assert kept("t:expired", 60, compute) == {"n": 2}


def test_a_process_holds_a_bounded_number_of_values():
    for n in range(kept_module.HELD + 5):
        kept(f"t:bound:{n}", 60, Counter())
    assert len(kept_module._held) <= kept_module.HELD
    assert "t:bound:0" not in kept_module._held and f"t:bound:{kept_module.HELD + 4}" in kept_module._held


def expire(key):
    """Make the kept value stale (its freshness over) without removing it."""
    stamp = cache.get(f"{key}:stamp")
    cache.set(f"{key}:stamp", stamp.rpartition(":")[0] + ":0", 60)


def test_while_another_request_recomputes_a_stale_value_it_is_shown_as_it_was():
    compute = Counter()
    kept("t:stale", 60, compute)
    expire("t:stale")
    cache.add("t:stale:computing", 1, 60)  # another request is computing it
    kept_module._held.clear()  # this process holds nothing: the shared copy is read
    assert kept("t:stale", 60, compute) == {"n": 1} and compute.calls == 1
    cache.delete("t:stale:computing")  # that request is done or gave up: the next one computes
    assert kept("t:stale", 60, compute) == {"n": 2}
    assert cache.get("t:stale:computing") is None  # and lets go of the lock
    assert kept("t:stale", 60, compute) == {"n": 2}  # fresh again


def test_with_nothing_to_show_a_request_computes_even_while_another_does():
    compute = Counter()
    cache.add("t:none:computing", 1, 60)
    assert kept("t:none", 60, compute) == {"n": 1}


def test_a_failed_recomputation_lets_go_of_the_lock():
    kept("t:broken", 60, Counter())
    expire("t:broken")

    def broken():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        kept("t:broken", 60, broken)
    assert cache.get("t:broken:computing") is None
