"""Demo data for bench/bench_reports.py: a month of finalised evaluations for every approved SKP,
written in bulk (COPY), as the evaluations' demo builder will once it exists."""

import datetime
import random


def _breakdown(result) -> dict:
    """The shape apps.evaluations.services.evaluation._measure freezes at finalisation."""

    def text(value):
        return str(value) if value is not None else None

    return {
        "explanation": result.explanation,
        "rhk": [
            {
                "text": r.text,
                "kind": r.kind,
                "percent": text(r.percent),
                "iki": [
                    {
                        "text": i.text,
                        "unit": i.unit,
                        "target": text(i.target),
                        "realisation": text(i.realisation),
                        "percent": text(i.percent),
                        "explanation": i.explanation,
                    }
                    for i in r.iki
                ],
            }
            for r in result.rhk
        ],
    }


FEEDBACK = [
    "Pertahankan ketelitian dan kecepatan layanan.",
    "Perlu meningkatkan ketepatan waktu pelaporan.\nIkuti bimbingan teknis penyusunan laporan.",
    "Kinerja baik; bantu rekan kerja yang baru bergabung.",
    "Tingkatkan koordinasi dengan bidang lain & dokumentasikan hasil <rapat>.",
]


def finalise_in_bulk(period) -> dict:
    """One finalised evaluation per approved SKP of the period's year, written with COPY."""
    from django.db import transaction
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from apps.core import bulk
    from apps.daily_reports.models import DailyReport
    from apps.evaluations.models import BehaviourRating, Evaluation
    from apps.evaluations.predicate import predicate_for
    from apps.evaluations.reports.selectors import working_days
    from apps.indicators.berakhlak import CoreValue
    from apps.indicators.models import Skp
    from apps.indicators.selectors.achievement import skp_results

    rng, now = random.Random(2026), timezone.now()
    skps = list(Skp.objects.filter(year=period.year, approved_at__isnull=False).select_related("employee"))
    results = {}
    for start in range(0, len(skps), 2000):
        results.update(skp_results(skps[start : start + 2000], period=period.number))
    ids = bulk.new_ids(Evaluation, len(skps))
    evaluations, behaviours = [], []
    for pk, skp in zip(ids, skps, strict=True):
        result = results[skp.pk]
        proposal = result.proposal or "sesuai"
        hasil = proposal if rng.random() < 0.9 else rng.choice(["di_atas", "sesuai", "di_bawah"])
        perilaku = rng.choices(["di_atas", "sesuai", "di_bawah"], weights=[12, 80, 8])[0]
        status = rng.choices(["final", "acknowledged"], weights=[30, 70])[0]
        reason = "" if hasil == proposal else "Penyesuaian pejabat penilai."
        row = (pk, skp.employee_id, period.pk, skp.pk, skp.employee.supervisor_id, status, result.percent, proposal)
        row += (
            hasil,
            reason,
            perilaku,
            predicate_for(hasil, perilaku),
            rng.choice(FEEDBACK),
            Jsonb(_breakdown(result)),
        )
        evaluations.append((*row, now, period.ends_on + datetime.timedelta(days=14)))
        behaviours += [(pk, value, rng.choices(["di_atas", "sesuai"], [15, 85])[0], "") for value in CoreValue.values]
    fields = ["id", "employee", "period", "skp", "evaluator", "status", "achievement", "proposed_rating"]
    fields += ["rating_hasil", "rating_reason", "rating_perilaku", "predicate", "feedback", "breakdown"]
    fields += ["finalised_at", "objection_deadline"]
    days = working_days(period)
    seeded = DailyReport.objects.filter(date__range=(period.starts_on, period.ends_on)).exists()  # seed_demo's
    reports = (
        ()
        if seeded
        else (
            (skp.employee_id, day, "approved" if rng.random() < 0.95 else "submitted", now)
            for skp in skps
            for day in days
            if rng.random() < 0.9
        )
    )
    with transaction.atomic(), bulk.history_written_after([Evaluation]):
        bulk.copy(Evaluation, fields, evaluations)
        bulk.copy(BehaviourRating, ["evaluation", "value", "rating", "note"], behaviours)
        filed = bulk.copy(DailyReport, ["employee", "date", "status", "submitted_at", "return_note"],
                          ((*row, "") for row in reports))  # fmt: skip
    filed = filed or DailyReport.objects.filter(date__in=days, status__in=["approved", "submitted"]).count()
    return {"evaluations": len(evaluations), "daily_reports": filed, "working_days": len(days)}
