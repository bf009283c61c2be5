"""ORM queries compiled to SQL once per process, for the few that every page asks.

Building and compiling a queryset with nested subqueries costs this app 2 to 4 ms of CPU per
request (bench/README.md), while PostgreSQL answers it in a fraction of a millisecond. A
``CompiledQuery`` keeps the ORM as the one place where the query is written: ``build`` returns
the queryset for stand-in values, its SQL is compiled the first time it is needed, and each call
runs that SQL with the real values in the stand-ins' places.

Only for querysets whose SQL does not change with the values: no lists of varying length, no
``None`` that turns ``=`` into ``IS NULL``. The stand-ins must reach the SQL as parameters, each
one unchanged (a date stays a date, an integer an integer); compiling checks that every one did.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

# Stand-ins that no real row holds: an id past any sequence, a date before the product existed.
ID = 918_273_645_546_372_801
ID_2 = 918_273_645_546_372_802
DAY = datetime.date(1901, 2, 3)
DAY_2 = datetime.date(1901, 2, 4)
DAY_3 = datetime.date(1901, 2, 5)
TEXT = "\x1fstand-in\x1f"


def columns(model, prefix: str = "") -> list[str]:
    """The model's own columns as ``values_list`` names (``prefix`` for a related model's), in
    the order ``instances`` and ``Model.from_db`` read them."""
    return [prefix + field.attname for field in model._meta.concrete_fields]


class CompiledQuery:
    """``CompiledQuery(build, stand_ins)``; ``rows(*values)`` runs it with ``values`` in the order of
    ``stand_ins``. ``build(*stand_ins)`` must return a ``values_list()`` (or ``values()``) queryset."""

    def __init__(self, build: Callable[..., QuerySet], *stand_ins):
        if len(set(stand_ins)) != len(stand_ins):
            raise ValueError("each stand-in must be distinct")
        self._build = build
        self._stand_ins = stand_ins
        self._compiled: tuple[str, list] | None = None
        self._lock = threading.Lock()

    def _compile(self) -> tuple[str, list]:
        sql, params = self._build(*self._stand_ins).query.sql_with_params()
        slots, seen = [], set()
        for param in params:
            # the type as well as ==: a datetime is a date. isinstance, not type(): an integer may
            # come wrapped for psycopg (Int4, a subclass of int); no stand-in equals True or 1.
            index = next(
                (i for i, mark in enumerate(self._stand_ins) if isinstance(param, type(mark)) and param == mark), None
            )
            slots.append(("value", index) if index is not None else ("constant", param))
            if index is not None:
                seen.add(index)
        if len(seen) != len(self._stand_ins):
            raise ValueError(f"stand-ins missing from the SQL: {sorted(set(range(len(self._stand_ins))) - seen)}")
        return sql, slots

    def sql(self) -> tuple[str, list]:
        if self._compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = self._compile()
        return self._compiled

    def rows(self, *values) -> list[tuple]:
        if len(values) != len(self._stand_ins):
            raise TypeError(f"expected {len(self._stand_ins)} values, got {len(values)}")
        sql, slots = self.sql()
        params = [values[item] if kind == "value" else item for kind, item in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def instances(self, model, *values) -> list:
        """The rows as instances of ``model``; ``build`` must select ``columns(model)``."""
        return [split_row(row, (model,))[0] for row in self.rows(*values)]


def split_row(row, models) -> list:
    """A row selected as ``columns(models[0]) + columns(models[1], "rel__") + ...`` as one
    instance of each model, in order; None where a LEFT join found no row. What select_related
    builds, for a query that ``CompiledQuery`` runs; the caller links the instances."""
    found, start = [], 0
    for model in models:
        names = columns(model)
        values = row[start : start + len(names)]
        start += len(names)
        has_row = values[names.index(model._meta.pk.attname)] is not None
        found.append(model.from_db(connection.alias, names, values) if has_row else None)
    return found


def insert_unless_present(obj) -> bool:
    """INSERT a new model instance unless a unique constraint already holds its row: one
    ``INSERT ... ON CONFLICT DO NOTHING``, where ``save()`` inside a savepoint that catches the
    IntegrityError costs three statements. Sets the primary key and returns True when it inserted.
    Sends no ``post_save`` signal: only for models that nothing listens to."""
    meta = obj._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    # names from the model's _meta, values as parameters
    names = ", ".join(quote(field.column) for field in fields)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    return True
