"""Writing hundreds of thousands of rows fast, with their pghistory trail: what the demo builders
use to build a 20,000-employee city (SKPs, a month of daily reports) in seconds. Nothing here knows
about any one app; ``apps.indicators.bulk`` re-exports it for older imports.

* ``new_ids``: ids drawn from a table's own sequence, so rows can point at each other before
  any of them is written.
* ``copy``: PostgreSQL COPY of plain tuples. At 20,000 employees ``bulk_create`` took twice as
  long for the same rows: Django 5.2 sends them as one array per column, dumped in Python. Values
  may be given as COPY text already (a timestamp as "2026-11-02 16:05:00+07:00"): psycopg sends
  a str as it is, the cheapest value to dump.
* ``history_written_after``: switches pghistory's per-row insert triggers off for a block and
  then writes the same "insert" events with one INSERT ... SELECT per table.
"""

from contextlib import ExitStack, contextmanager

import pgtrigger
from django.apps import apps
from django.db import connection
from django.db.models import Max
from django.utils import timezone


def new_ids(model, n: int) -> list[int]:
    """``n`` ids from the table's own sequence, as the database would have given them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def copy(model, fields: list[str], values) -> int:
    """COPY ``values`` (tuples in the order of ``fields``, field names as in the model) into the
    model's table; ``created_at`` and ``updated_at`` are filled in. Returns the number of rows."""
    # The stamp as text, made once: dumping a datetime twice per row took almost half of the
    # client's time for 1.2 million activity rows (measured: 8.5 s against 4.6 s).
    quote, now = connection.ops.quote_name, timezone.now().isoformat()
    stamped = ["created_at", "updated_at"] if any(f.name == "created_at" for f in model._meta.fields) else []
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in stamped + fields)
    count = 0
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as rows:
        for row in values:
            rows.write_row((now, now, *row) if stamped else row)
            count += 1
    return count


@contextmanager
def history_written_after(models: list):
    """Insert into ``models`` inside the block without their per-row history triggers; on the way
    out, write the "insert" events of every new row (pk above the largest before the block).

    Why: in one long transaction each trigger call costs more than the one before (the PL/pgSQL
    exception blocks of pgtrigger and pghistory open a subtransaction per row). Measured here:
    the first 10,000 rows took 1.3 s, the eighth 10,000 18 s. Must run inside
    ``transaction.atomic()``: DISABLE TRIGGER is transactional, so a failed build rolls it back
    and the triggers are on again. The block takes an exclusive lock on the tables until commit.
    """
    marks = {}
    with ExitStack() as stack:
        for model, trigger in pgtrigger.registered():
            if model in models and trigger.name == "insert_insert":  # pghistory's InsertEvent
                marks[model] = model.objects.aggregate(last=Max("pk"))["last"] or 0
                stack.enter_context(trigger.disable(model))
        yield
        with connection.cursor() as cursor:  # re-enabling is refused while foreign-key checks wait for the commit
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's INITIALLY DEFERRED
        for event in (m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) in marks):
            model = event.pgh_tracked_model
            copied = [f for f in event._meta.concrete_fields if not f.name.startswith("pgh_")]
            columns = ", ".join(quote(f.column) for f in copied)
            values = ", ".join(quote(model._meta.get_field(f.name).column) for f in copied)
            pk, table = quote(model._meta.pk.column), quote(model._meta.db_table)
            obj = quote(event._meta.get_field("pgh_obj").column)
            sql = (
                f"INSERT INTO {quote(event._meta.db_table)} ({columns}, {obj}, pgh_label, pgh_created_at) "  # noqa: S608
                f"SELECT {values}, {pk}, 'insert', NOW() FROM {table} WHERE {pk} > %s"
            )  # names come from the models; the value is a parameter
            cursor.execute(sql, [marks[model]])


def copy_plain(model, fields: list[str], rows: list) -> None:
    """COPY into a table without BaseModel's two stamps (``bulk.copy`` adds both when it sees
    ``created_at``; these tables have only that one, given in ``rows``)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as out,
    ):
        for row in rows:
            out.write_row(row)
