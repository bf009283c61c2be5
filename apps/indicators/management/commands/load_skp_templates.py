from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apps.indicators.library import DEFAULT_PATH, TemplateFileError, load_templates


class Command(BaseCommand):
    help = "Load or refresh the SKP template library (RHK and IKI per jabatan) from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(DEFAULT_PATH), help=f"JSON file (default: {DEFAULT_PATH})")

    def handle(self, *args, **options):
        try:
            created, updated = load_templates(options["path"])
        except TemplateFileError as exc:
            # A CommandError is printed as one line, without a traceback: the message says what to fix.
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Templat SKP: %(created)s baru, %(updated)s diperbarui.") % {"created": created, "updated": updated}
            )
        )
