"""Preload Indonesia's national holidays and cuti bersama (data/reference/holidays_id.csv).

Idempotent: rows are matched on the date, so running the loader again updates names and kinds
and never duplicates. Unloading does nothing: by then admins may have edited the table.
"""

import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.db import migrations

CSV_PATH = Path(settings.BASE_DIR) / "data" / "reference" / "holidays_id.csv"


def load_holidays(apps, schema_editor=None, path=CSV_PATH):
    Holiday = apps.get_model("core", "Holiday")
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Holiday.objects.update_or_create(
                date=datetime.date.fromisoformat(row["date"].strip()),
                defaults={"name": row["name"].strip(), "kind": row["kind"].strip()},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_holiday"),
    ]

    operations = [
        migrations.RunPython(load_holidays, migrations.RunPython.noop),
    ]
