"""Compile locale/*/LC_MESSAGES/django.po to .mo with polib (no system gettext needed).
The .mo files are committed, so a fresh machine never has to run this; `make messages` does."""

from pathlib import Path

import polib

for po_path in sorted(Path(__file__).resolve().parent.parent.glob("locale/*/LC_MESSAGES/django.po")):
    polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"compiled {po_path.with_suffix('.mo')}")
