"""Load the SKP template library (``SkpTemplate`` with its RHK and IKI) from a JSON file.

The file is ``data/reference/skp_templates.json`` by default (its schema is in that folder's
SOURCES-jabatan.md); any government can keep its own file and load it with
``manage.py load_skp_templates --path FILE``. Loading is keyed on the jabatan: a template in the
file replaces that jabatan's RHK and IKI, and templates the file does not name are left alone
(BKPSDM may have added its own in the admin).
"""

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pghistory
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.demo import REFERENCE_DIR
from apps.employees.models import JabatanKind

from .models import Aspect, Direction, IkiTemplate, RhkKind, RhkTemplate, SkpTemplate

DEFAULT_PATH = REFERENCE_DIR / "skp_templates.json"

DIRECTIONS = {"naik": Direction.HIGHER, "turun": Direction.LOWER}
KINDS = {"utama": RhkKind.UTAMA, "tambahan": RhkKind.TAMBAHAN}
# Units measured as a level in every period (a rate, an index, a duration, a score), not summed.
LEVEL_UNITS = {"persen", "%", "indeks", "nilai", "skor", "hari", "jam", "menit", "detik", "level"}


class TemplateFileError(ValueError):
    """The template file cannot be read or does not follow the schema; the message says where."""


def is_cumulative(satuan: str, direction: str) -> bool:
    """Counts (dokumen, orang, berkas, ...) add up over the periods; rates, indices, durations and
    scores ("skala 4") are levels, and so is anything where lower is better: a waiting time or an
    error rate is measured again each period, never summed."""
    unit = satuan.strip().lower()
    is_level = direction == Direction.LOWER or unit in LEVEL_UNITS or unit.startswith("skala")
    return not is_level


def _text(entry: dict, key: str, where: str, *, max_length: int) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TemplateFileError(_("%(where)s: kolom “%(key)s” wajib diisi teks.") % {"where": where, "key": key})
    if len(value.strip()) > max_length:
        raise TemplateFileError(
            _("%(where)s: kolom “%(key)s” paling panjang %(n)s karakter.")
            % {"where": where, "key": key, "n": max_length}
        )
    return value.strip()


def _choice(entry: dict, key: str, where: str, choices: dict) -> str:
    value = str(entry.get(key, "")).strip().lower()
    if value not in choices:
        raise TemplateFileError(
            _("%(where)s: “%(key)s” harus salah satu dari %(allowed)s, bukan “%(value)s”.")
            % {"where": where, "key": key, "allowed": ", ".join(choices), "value": value}
        )
    return choices[value]


def _iki(entry: dict, where: str) -> dict:
    if not isinstance(entry, dict):
        raise TemplateFileError(_("%(where)s harus berupa objek JSON.") % {"where": where})
    direction = _choice(entry, "arah", where, DIRECTIONS)
    unit = _text(entry, "satuan", where, max_length=40)
    try:
        target = Decimal(str(entry.get("target")))
    except InvalidOperation:
        target = None
    if target is None or not target.is_finite() or target < 0:
        raise TemplateFileError(_("%(where)s: “target” harus angka 0 atau lebih.") % {"where": where})
    return {
        "text": _text(entry, "text", where, max_length=400),
        "aspect": _choice(entry, "aspek", where, {value: value for value in Aspect.values}),
        "target_value": target.quantize(Decimal("0.01")),
        "target_unit": unit,
        "direction": direction,
        "cumulative": is_cumulative(unit, direction),
    }


def _template(entry, number: int) -> dict:
    where = _("Templat ke-%(n)s") % {"n": number}
    if not isinstance(entry, dict):
        raise TemplateFileError(_("%(where)s harus berupa objek JSON.") % {"where": where})
    jabatan = _text(entry, "jabatan", where, max_length=200)
    where = _("Templat “%(jabatan)s”") % {"jabatan": jabatan}
    rhk_entries = entry.get("rhk")
    if not isinstance(rhk_entries, list) or not rhk_entries:
        raise TemplateFileError(_("%(where)s: “rhk” harus daftar yang berisi sedikitnya satu RHK.") % {"where": where})
    rhk = []
    for i, item in enumerate(rhk_entries, start=1):
        rhk_where = _("%(where)s, RHK ke-%(n)s") % {"where": where, "n": i}
        if not isinstance(item, dict):
            raise TemplateFileError(_("%(where)s harus berupa objek JSON.") % {"where": rhk_where})
        iki_entries = item.get("iki")
        if not isinstance(iki_entries, list) or not iki_entries:
            raise TemplateFileError(
                _("%(where)s: “iki” harus daftar yang berisi sedikitnya satu IKI.") % {"where": rhk_where}
            )
        rhk.append(
            {
                "kind": _choice(item, "jenis", rhk_where, KINDS),
                "text": _text(item, "text", rhk_where, max_length=400),
                "iki": [
                    _iki(iki, _("%(where)s, IKI ke-%(n)s") % {"where": rhk_where, "n": k})
                    for k, iki in enumerate(iki_entries, start=1)
                ],
            }
        )
    return {
        "jabatan": jabatan,
        "jabatan_kind": _choice(entry, "kind", where, {value: value for value in JabatanKind.values}),
        # The unit the template was written for; the demo prefers templates of a person's own unit.
        "description": str(entry.get("unit") or "").strip()[:300],
        "rhk": rhk,
    }


def read_templates(path: Path | str = DEFAULT_PATH) -> list[dict]:
    """Parse and check the whole file before anything is written, so a bad file changes nothing."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TemplateFileError(_("Berkas templat SKP tidak ditemukan: %(path)s") % {"path": path}) from exc
    except UnicodeDecodeError as exc:
        raise TemplateFileError(_("Berkas %(path)s bukan teks UTF-8.") % {"path": path}) from exc
    except json.JSONDecodeError as exc:
        raise TemplateFileError(
            _("Berkas %(path)s bukan JSON yang sah (baris %(line)s, kolom %(col)s): %(msg)s")
            % {"path": path, "line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        ) from exc
    if not isinstance(data, list):
        raise TemplateFileError(_("Berkas %(path)s harus berisi daftar (array) templat.") % {"path": path})
    templates = [_template(entry, number) for number, entry in enumerate(data, start=1)]
    seen = set()
    for template in templates:
        key = template["jabatan"].lower()
        if key in seen:
            raise TemplateFileError(_("Jabatan “%(j)s” muncul dua kali dalam berkas.") % {"j": template["jabatan"]})
        seen.add(key)
    return templates


def load_templates(path: Path | str = DEFAULT_PATH) -> tuple[int, int]:
    """Create or refresh the templates of the file; returns (created, updated). Safe to run again:
    a second run creates nothing and leaves the same RHK and IKI."""
    templates = read_templates(path)
    with transaction.atomic(), pghistory.context(action="load_skp_templates"):
        existing = {t.jabatan.lower(): t for t in SkpTemplate.objects.all()}
        new, updated = [], []
        for entry in templates:
            fields = {key: entry[key] for key in ("jabatan", "jabatan_kind", "description")}
            template = existing.get(entry["jabatan"].lower())
            if template is None:
                new.append(SkpTemplate(**fields))
            else:
                for name, value in fields.items():
                    setattr(template, name, value)
                updated.append(template)
        SkpTemplate.objects.bulk_create(new)
        if updated:
            SkpTemplate.objects.bulk_update(updated, ["jabatan", "jabatan_kind", "description"])
            RhkTemplate.objects.filter(template__in=updated).delete()  # their IKI go with them (cascade)
        by_jabatan = {t.jabatan.lower(): t for t in [*new, *updated]}
        rhk_rows, iki_entries = [], []
        for entry in templates:
            for position, rhk in enumerate(entry["rhk"]):
                row = RhkTemplate(
                    template=by_jabatan[entry["jabatan"].lower()], kind=rhk["kind"], text=rhk["text"], position=position
                )
                rhk_rows.append(row)
                iki_entries.append((row, rhk["iki"]))
        RhkTemplate.objects.bulk_create(rhk_rows)
        IkiTemplate.objects.bulk_create(
            [
                IkiTemplate(rhk=row, position=position, **iki)
                for row, ikis in iki_entries
                for position, iki in enumerate(ikis)
            ]
        )
    return len(new), len(updated)
