"""Certificates for the demo city (``seed_demo``), after the trainings demo has made completions.

Rendering costs about 0.1–0.25 s per certificate (measured on the 2-core machine, one WeasyPrint
document per 25 certificates): the 520 completions of the default demo would take one to two
minutes and the ~35,000 of a 20,000-employee demo hours, against seconds for the rest of the
trainings demo. So the demo issues every certificate of the demo accounts' own employee records
(a handful) plus those of the latest ``LATEST`` completions (the sessions closed last, which the
admin's roster shows); ``certificates_issue_missing()`` issues the rest whenever it is run.
"""

import time

from apps.core.demo import DEMO_ACCOUNTS
from apps.employees.models import Employee

from .services import certificates_issue_missing

LATEST = 30


def build(*, stdout, **_options) -> int:
    started = time.perf_counter()
    accounts = Employee.objects.filter(user__username__in=DEMO_ACCOUNTS.values()).values_list("pk", flat=True)
    issued = certificates_issue_missing(employee_ids=list(accounts))
    issued += certificates_issue_missing(limit=LATEST)
    stdout.write(f"Sertifikat pelatihan: {issued} diterbitkan; {time.perf_counter() - started:.1f} detik.")
    return issued
