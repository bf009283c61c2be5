"""Computed results kept for a few minutes: shared by every process through Django's cache, and
held decoded in the process that last read them.

A dashboard's kept computation is a few hundred KB; read from the database cache on every request,
fetching, base64-decoding and unpickling it cost about 10 ms, a third of the page. So each process
also holds the values it read (a small LRU), and trusts its copy while the shared cache still
names it: every computation is stored with a stamp of its own, a few bytes that each request
reads instead of the value. A recomputation anywhere (a new stamp) or its expiry (no stamp) makes
every process read or compute afresh, so no process shows an older result than the others.

Held values are shared by the threads of a process: callers must treat them as read-only."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
HELD = 32  # values per process; the largest (a city dashboard) about 0.5 MB

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
    on ``refresh``)."""
    stamp_key = f"{key}:stamp"
    if not refresh:
        stamp = cache.get(stamp_key)
        if stamp is not None:
            with _lock:
                held = _held.get(key)
            if held is not None and held[0] == stamp:
                return held[1]
            value = cache.get(key)
            if value is not None:
                _hold(key, stamp, value)
                return value
    value = compute()
    stamp = uuid.uuid4().hex
    cache.set_many({key: value, stamp_key: stamp}, seconds)
    _hold(key, stamp, value)
    return value
