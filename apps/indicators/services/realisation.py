"""Manual realisation of an IKI, for what daily-report activities cannot count."""

from decimal import Decimal

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import access
from apps.core.uploads import check_evidence

from ..models import Iki, IkiRealisation, PerformanceSettings, SkpStatus


def realisation_add(*, actor, iki: Iki, period: int, value: Decimal, note: str = "", evidence=None) -> IkiRealisation:
    """The owner records a realisation of an IKI of their approved SKP for a period, with evidence."""
    skp = iki.rhk.skp
    own = access.employee_of(actor)
    if own is None or own.pk != skp.employee_id:
        raise ValidationError(_("Hanya pemilik SKP yang mencatat realisasinya."))
    if not skp.was_ever_approved and skp.status != SkpStatus.APPROVED:
        raise ValidationError(_("Realisasi dicatat setelah SKP disetujui."))
    errors = {}
    count = PerformanceSettings.current().periods_per_year
    if not 1 <= period <= count:
        errors["period"] = [_("Pilih periode 1 sampai %(n)s.") % {"n": count}]
    if value is None or value < 0:
        errors["value"] = [_("Realisasi tidak boleh kosong atau negatif.")]
    checked = None
    if evidence:
        try:
            checked = check_evidence(evidence)
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="iki_realisation_add"):
        entry = IkiRealisation(iki=iki, period=period, value=value, note=(note or "").strip(), entered_by=actor)
        if checked:
            entry.evidence_name, entry.evidence_type = checked.original_name, checked.content_type
            entry.evidence.save("bukti", checked.content, save=False)
        entry.save()
    return entry
