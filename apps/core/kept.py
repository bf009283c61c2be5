"""Computed results kept for a few minutes: shared by every process through Django's cache, and
held decoded in the process that last read them.

A dashboard's kept computation is a few hundred KB; read from the database cache on every request,
fetching, base64-decoding and unpickling it cost about 10 ms, a third of the page. So each process
also holds the values it read (a small LRU), and trusts its copy while the shared cache still
names it: every computation is stored with a stamp of its own, a few bytes that each request
reads instead of the value. A recomputation anywhere (a new stamp) or its expiry (no stamp) makes
every process read or compute afresh, so no process shows an older result than the others.

When a value goes stale, one request computes it again (it takes a short lock in the shared cache)
while the others go on showing the value they had, kept for as long again after its freshness:
without that, every request that arrived in those moments computed the same thing at once (a
city dashboard, a supervisor's team), and the pages queued behind them for seconds.

Held values are shared by the threads of a process: callers must treat them as read-only."""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
HELD = 32  # values per process; the largest (a city dashboard) about 0.5 MB
# How long a request may take to compute before another one is let to try; the longest (a city
# dashboard at 20,000 employees) takes well under a second.
LOCK_SECONDS = 60

_held: OrderedDict[str, tuple[str, object]] = OrderedDict()
_lock = threading.Lock()


def _hold(key: str, stamp: str, value) -> None:
    with _lock:
        _held[key] = (stamp, value)
        _held.move_to_end(key)
        while len(_held) > HELD:
            _held.popitem(last=False)


def kept(key: str, seconds: int, compute: Callable[[], T], *, refresh: bool = False) -> T:
    """The value kept under ``key``, or ``compute()`` kept for ``seconds`` when there is none (or
    on ``refresh``). Past ``seconds`` the value is stale: one request computes it again, the others
    get the stale value meanwhile (for up to ``seconds`` more)."""
    stamp_key = f"{key}:stamp"
    if not refresh:
        stamp = cache.get(stamp_key)  # "<id>:<fresh until, epoch seconds>"
        if stamp is not None:
            with _lock:
                held = _held.get(key)
            if held is not None and held[0] == stamp:
                value = held[1]
            elif (value := cache.get(key)) is not None:
                _hold(key, stamp, value)
            if value is not None:
                if _fresh(stamp) or not cache.add(f"{key}:computing", 1, LOCK_SECONDS):
                    return value  # fresh, or stale while another request computes it
                return _compute(key, seconds, compute, locked=True)
    return _compute(key, seconds, compute, locked=False)


def _fresh(stamp: str) -> bool:
    try:
        return time.time() < float(stamp.rpartition(":")[2])
    except ValueError:  # a stamp of an older release: fresh until it expires
        return True


def _compute(key: str, seconds: int, compute: Callable[[], T], *, locked: bool) -> T:
    try:
        value = compute()
        # kept twice as long as it is fresh: the second half, shown while one request recomputes
        stamp = f"{uuid.uuid4().hex}:{time.time() + seconds:.3f}"
        cache.set_many({key: value, f"{key}:stamp": stamp}, 2 * seconds)
        _hold(key, stamp, value)
        return value
    finally:
        if locked:
            cache.delete(f"{key}:computing")
