"""Walking every named URL, shared by the security tests (the walk itself is the permission matrix's).

``url_names`` and ``sample_url`` come from tests/core/test_permission_matrix.py: every named URL with
arguments that match nothing (999999), so each role meets each view without anyone's data.
``url_params`` lists the arguments a URL name takes. ``row_counts`` snapshots ``SELECT count(*)`` of
every table of every model in one query, and ``writes`` the rows this transaction inserted, updated
or deleted per table so far (PostgreSQL's pg_stat_xact_user_tables is exact for the current
transaction, unlike n_live_tup).
"""

from django.apps import apps
from django.db import connection
from django.urls import get_resolver

from tests.core.test_permission_matrix import ROLES, rule_for, sample_url, url_names

__all__ = [
    "ROLES",
    "counts_changed",
    "row_counts",
    "rule_for",
    "sample_url",
    "url_names",
    "url_params",
    "writes",
    "written",
]


def _tables():
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy:
            tables.add(meta.db_table)
    return sorted(tables)


_COUNT_SQL = None


def row_counts() -> dict[str, int]:
    """table -> rows, for every model's table, in one query."""
    global _COUNT_SQL
    if _COUNT_SQL is None:
        quote = connection.ops.quote_name
        _COUNT_SQL = " UNION ALL ".join(f"SELECT '{table}', count(*) FROM {quote(table)}" for table in _tables())
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SQL)
        return dict(cursor.fetchall())


def writes() -> dict[str, tuple[int, int, int]]:
    """table -> (inserted, updated, deleted) rows by this transaction so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {name: (ins, upd, dele) for name, ins, upd, dele in cursor.fetchall()}


def counts_changed(before, after) -> dict[str, str]:
    """table -> "rows a -> b" for the tables whose count differs between two ``row_counts``."""
    return {t: f"rows {before.get(t)} -> {n}" for t, n in after.items() if before.get(t) != n}


def written(before, after) -> dict[str, str]:
    """table -> "+inserted ~updated -deleted" between two ``writes`` snapshots (any table, the
    database cache included)."""
    found = {}
    for table, done in after.items():
        earlier = before.get(table, (0, 0, 0))
        if done != earlier:
            ins, upd, dele = (now - then for now, then in zip(done, earlier, strict=True))
            found[table] = f"+{ins} ~{upd} -{dele}"
    return found


def url_params(name) -> tuple[str, ...]:
    """The arguments a URL name takes (none for a page like a list), from the resolver."""
    resolver = get_resolver()
    *namespaces, short = name.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    params = set()
    for possibility, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(short):
        for _result, found in possibility:
            params.update(found)
    return tuple(sorted(params))
