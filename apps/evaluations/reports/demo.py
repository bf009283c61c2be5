"""Demo reports: a few generated PDFs, so that whoever opens the demo finds documents to download
and codes to verify (the monthly batch of a whole city is bench/bench_reports.py's job).

For the latest period in which the demo ASN's evaluation is finalised: the demo ASN's document,
that of the unit they work in (which the demo supervisor heads) and the city summary: three
documents, a few seconds (most of it WeasyPrint loading its fonts). The other documents of that
period are one click away ("Buat PDF" on an evaluation) or one batch away (admin page).
"""

import time

from django.utils.translation import gettext as _

from apps.core.demo import DEMO_ACCOUNTS
from apps.employees.models import Employee

from ..models import Evaluation
from . import batch
from .models import GeneratedReport
from .selectors import FINALISED


def _demo_employees() -> dict[str, Employee]:
    nips = {DEMO_ACCOUNTS["asn"]: "asn", DEMO_ACCOUNTS["supervisor"]: "supervisor"}
    return {nips[e.nip]: e for e in Employee.objects.filter(nip__in=nips).select_related("unit")}


def build(*, stdout, **_options):
    """Render the demo accounts' documents (skipped when the demo already has documents)."""
    if GeneratedReport.objects.exists():
        stdout.write(_("Laporan PDF demo sudah ada; tidak ada yang diubah."))
        return
    started = time.perf_counter()
    people = _demo_employees()
    asn, supervisor = people.get("asn"), people.get("supervisor")
    if asn is None:
        return
    own = (
        Evaluation.objects.filter(employee=asn, status__in=FINALISED)
        .select_related("period")
        .order_by("-period__year", "-period__number")
        .first()
    )
    if own is None:
        stdout.write(_("Laporan PDF demo: ASN demo belum punya evaluasi yang difinalkan; tidak ada dokumen."))
        return
    period = own.period
    rows, errors = batch.render_employee_reports([own.pk])
    units = {asn.unit}
    if supervisor is not None:
        units |= set(supervisor.headed_units.all())
    for unit in sorted(units, key=lambda u: u.pk):
        batch.render_unit_report(unit, period)
    batch.render_city_report(period)
    stdout.write(
        _("Laporan PDF demo: %(e)s pegawai, %(u)s unit, 1 ringkasan kota (%(p)s); %(t).1f detik.")
        % {"e": len(rows), "u": len(units), "p": period.label, "t": time.perf_counter() - started}
    )
    for reason in errors.values():
        stdout.write(_("Laporan PDF demo ASN gagal: %(reason)s") % {"reason": reason})
