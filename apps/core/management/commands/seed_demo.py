from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils.module_loading import import_string

from apps.core import demo
from apps.employees.models import OrgUnit


def _analyze() -> None:
    """The builders COPY thousands of rows that autovacuum has not seen yet; without fresh
    statistics the planner takes the next builder's joins for tiny tables and picks nested loops
    that run for minutes. ANALYZE works inside the transaction, but only on our own tables: a bare
    ANALYZE also locks the catalogs shared by every database of the server until the transaction
    ends, which stalls any other seed (a parallel test worker, a benchmark) at its own ANALYZE."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if tables:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in sorted(tables)))


class Command(BaseCommand):
    help = "Build the demo city (Pemerintah Kota Palembang) if the database has no organisation yet."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=300, help="number of demo employees (about)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for repeatable data")
        parser.add_argument("--months", type=int, default=1, help="months of daily reports up to yesterday (0: none)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when an organisation exists")

    def handle(self, *args, **options):
        if OrgUnit.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
                return
            self.stderr.write("Basis data sudah berisi organisasi; seed_demo hanya untuk basis data kosong.")
            return
        # call_command(stdout=...) puts the stream into options too; the builders get it once
        builder_options = {k: v for k, v in options.items() if k not in ("stdout", "stderr")}
        with transaction.atomic():
            for path in demo.BUILDERS:
                import_string(path)(stdout=self.stdout, **builder_options)
                _analyze()
        self.stdout.write(self.style.SUCCESS("Kota demo siap."))
