"""Which SKP template each demo person's plan is made from (apps/indicators/demo.py)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .berakhlak import CoreValue
from .models import SkpTemplate
from .periods import split_target

CENT = Decimal("0.01")
FALLBACK_TEMPLATE = "Pengadministrasi Perkantoran"


class TemplateLibrary:
    """Picks each person's template and keeps what all SKPs made from one template share."""

    def __init__(self, count: int):
        templates = SkpTemplate.objects.filter(is_active=True).prefetch_related("rhk__iki").order_by("jabatan")
        self.templates = list(templates)
        self.by_jabatan = {t.jabatan.strip().lower(): t for t in self.templates}
        self.by_kind = defaultdict(list)
        for template in self.templates:
            self.by_kind[template.jabatan_kind].append(template)
        self.chosen = {}
        self.labels = {value: str(label) for value, label in CoreValue.choices}
        self.iki_snapshot = {}  # one dict per IKI template, shared by every snapshot made from it
        for iki in (iki for t in self.templates for rhk in t.rhk.all() for iki in rhk.iki.all()):
            targets = split_target(iki.target_value, cumulative=iki.cumulative, count=count)
            self.iki_snapshot[iki.pk] = {
                "text": iki.text,
                "aspect": iki.aspect,
                "target": str(iki.target_value.quantize(CENT)),
                "unit": iki.target_unit,
                "direction": iki.direction,
                "cumulative": iki.cumulative,
                "period_targets": [str(t.quantize(CENT)) for t in targets],
            }

    def for_person(self, person, pd_name: str) -> SkpTemplate | None:
        """The jabatan's own template; else the longest general one that starts it ("Kepala
        Bidang" for "Kepala Bidang Mutasi"); else one of the same jabatan kind, preferring one
        written for the person's perangkat daerah; else the general office template."""
        key = (person.jabatan.strip().lower(), person.kind, pd_name.lower())
        if key not in self.chosen:
            same_kind = self.by_kind.get(person.kind, [])
            local = [t for t in same_kind if key[2] and key[2] in t.description.lower()]
            fallback = self.by_jabatan.get(FALLBACK_TEMPLATE.lower(), (self.templates or [None])[0])
            general = sorted((name for name in self.by_jabatan if key[0].startswith(name + " ")), key=len)
            self.chosen[key] = (
                self.by_jabatan.get(key[0])
                or (self.by_jabatan[general[-1]] if general else None)
                or (local or same_kind or [fallback])[0]
            )
        return self.chosen[key]
