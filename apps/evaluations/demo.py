"""Demo evaluations: the past evaluation periods of the demo year with a realistic spread of
ratings and predicates, a few objections, and the month that just ended still in progress.

1. Periods: every month of the year up to the one that just ended; the earlier ones closed, the
   last one open (its evaluations are being written).
2. Evaluations for the last ``months`` closed-or-open months (at least one) of every employee with
   an approved SKP and a supervisor: measured from the SKP (apps/indicators achievement), rated
   mostly as proposed, behaviour mostly Sesuai; acknowledged in closed months; in the open month
   most final, some still draft, and the demo supervisor's team left partly to do.
3. A few objections (about 1 %), half of them decided.
Everything with COPY (apps/core/bulk.py), history included.
"""

import datetime
import json
import random
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import bulk
from apps.core.demo import DEMO_ACCOUNTS
from apps.core.workdays import WorkCalendar
from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import PerformanceSettings, Rating, Skp
from apps.indicators.periods import period_range
from apps.indicators.selectors.achievement import skp_results

from .models import BehaviourRating, Evaluation, EvaluationPeriod, EvaluationStep, Objection
from .predicate import predicate_for

FEEDBACK = {
    "sangat_baik": [
        "Kinerja sangat baik; pertahankan dan bagikan praktik baik kepada rekan.",
        "Hasil kerja melampaui target dengan kualitas terjaga. Siap diberi tanggung jawab lebih.",
    ],
    "baik": [
        "Target tercapai. Tingkatkan ketepatan waktu laporan bulanan.",
        "Kerja rapi dan dapat diandalkan; perbanyak inisiatif perbaikan layanan.",
        "Capaian sesuai ekspektasi. Dokumentasikan bukti dukung lebih lengkap.",
    ],
    "butuh_perbaikan": [
        "Beberapa target belum tercapai; kita susun rencana perbaikan bersama dan ikuti pelatihan yang disarankan.",
        "Ketepatan waktu perlu diperbaiki; laporkan kendala lebih awal.",
    ],
    "kurang": ["Perilaku kerja perlu diperbaiki, terutama disiplin dan kerja sama dengan rekan."],
    "sangat_kurang": ["Hasil dan perilaku kerja di bawah ekspektasi; diperlukan pembinaan intensif."],
}
OBJECTIONS = [
    "Kegiatan lapangan pada minggu terakhir belum dihitung dalam realisasi.",
    "Target bulan ini lebih tinggi dari kesepakatan SKP; mohon ditinjau ulang.",
]


def _rating_perilaku(rng) -> str:
    roll = rng.random()
    return Rating.DI_ATAS if roll < 0.12 else Rating.DI_BAWAH if roll > 0.97 else Rating.SESUAI


def _breakdown(result) -> str:
    def text(value):
        return str(value) if value is not None else None

    return json.dumps(
        {
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
    )


def build(*, stdout, months=1, seed=2026, **_options):
    if EvaluationPeriod.objects.exists():
        stdout.write(_("Evaluasi demo sudah ada; tidak ada yang diubah."))
        return
    started, rng, today = time.perf_counter(), random.Random(seed + 6), timezone.localdate()
    config = PerformanceSettings.current()
    count = config.periods_per_year
    current = today.month if count == 12 else (today.month - 1) // 3 + 1
    last = current - 1
    if last < 1:
        return  # January: no month of this year has ended yet
    calendar = WorkCalendar()
    with transaction.atomic(), bulk.history_written_after([EvaluationPeriod, Evaluation, Objection]):
        period_ids = bulk.new_ids(EvaluationPeriod, last)
        rows = []
        for number, pk in zip(range(1, last + 1), period_ids, strict=True):
            start, end = period_range(today.year, number, count=count)
            rows.append(
                (pk, today.year, "periodic", number, count, start, end, "open" if number == last else "closed", 10)
            )
        bulk.copy(
            EvaluationPeriod,
            ["id", "year", "kind", "number", "count", "starts_on", "ends_on", "status", "objection_days"],
            rows,
        )
        periods = dict(zip(range(1, last + 1), period_ids, strict=True))
        skps = list(
            Skp.objects.filter(
                year=today.year, approved_at__isnull=False, employee__is_active=True, employee__supervisor__isnull=False
            ).select_related("employee__user", "employee__supervisor")
        )
        demo_supervisor = next((s.employee for s in skps if s.employee.nip == DEMO_ACCOUNTS["supervisor"]), None)
        written = {"evaluations": 0, "objections": 0}
        for number in range(max(1, last - max(months, 1) + 1), last + 1):
            written_now = _write_period(
                periods[number], number, number == last, skps, demo_supervisor, rng, calendar, today
            )
            for key, value in written_now.items():
                written[key] += value
    stdout.write(
        _("Evaluasi demo: %(p)s periode, %(e)s evaluasi, %(o)s keberatan; %(t).1f detik.")
        % {"p": last, "e": written["evaluations"], "o": written["objections"], "t": time.perf_counter() - started}
    )


def _write_period(period_id, number, is_open, skps, demo_supervisor, rng, calendar, today) -> dict:
    results = skp_results(skps, period=number)
    end = period_range(today.year, number, count=PerformanceSettings.current().periods_per_year)[1]
    finalised_on = min(calendar.next_working_day(end), today)
    finalised_at = timezone.make_aware(datetime.datetime.combine(finalised_on, datetime.time(10, 0)))
    deadline = finalised_on
    for _day in range(10):
        deadline = calendar.next_working_day(deadline)
    ids = bulk.new_ids(Evaluation, len(skps))
    evaluations, behaviours, steps, objections = [], [], [], []
    for skp, pk in zip(skps, ids, strict=True):
        employee, result = skp.employee, results[skp.pk]
        proposal = result.proposal or Rating.SESUAI
        hasil, reason = proposal, ""
        if rng.random() < 0.06:
            hasil = Rating.DI_ATAS if proposal == Rating.SESUAI else Rating.SESUAI
            reason = "Menangani tugas tambahan di luar SKP dengan hasil baik."
        perilaku = _rating_perilaku(rng)
        predicate = predicate_for(hasil, perilaku)
        team_of_demo = demo_supervisor is not None and employee.supervisor_id == demo_supervisor.pk
        status = "acknowledged"
        if is_open:
            status = "draft" if rng.random() < 0.08 else ("acknowledged" if rng.random() < 0.5 else "final")
            if team_of_demo and rng.random() < 0.4:
                continue  # the demo supervisor still has some of the team to evaluate
            if employee.nip == DEMO_ACCOUNTS["asn"]:
                status = "final"  # waiting for the demo ASN to acknowledge or object
        objected = status != "draft" and rng.random() < 0.01 and employee.nip != DEMO_ACCOUNTS["asn"]
        if objected:
            status = "decided" if (not is_open or rng.random() < 0.5) else "objected"
        final = status != "draft"
        achievement = result.percent.quantize(Decimal("0.01")) if result.percent is not None else None
        evaluations.append(
            (
                pk,
                employee.pk,
                period_id,
                skp.pk,
                employee.supervisor_id,
                status,
                achievement,
                result.proposal or "",
                hasil,
                reason,
                perilaku,
                predicate,
                rng.choice(FEEDBACK[predicate]),
                _breakdown(result),
                finalised_at if final else None,
                deadline if final else None,
                finalised_at + datetime.timedelta(days=2) if status == "acknowledged" else None,
            )
        )
        for value in CoreValue.values:
            rating = perilaku if rng.random() < 0.85 else Rating.SESUAI
            behaviours.append((pk, value, rating, ""))
        actor = None
        steps.append((pk, actor, "started", "", finalised_at - datetime.timedelta(days=1)))
        if final:
            steps.append((pk, actor, "finalised", "", finalised_at))
        if status == "acknowledged":
            steps.append((pk, employee.user_id, "acknowledged", "", finalised_at + datetime.timedelta(days=2)))
        if objected:
            objections.append((pk, rng.choice(OBJECTIONS), status == "decided", employee.supervisor.supervisor_id))
    written = bulk.copy(
        Evaluation,
        [
            "id",
            "employee_id",
            "period_id",
            "skp_id",
            "evaluator_id",
            "status",
            "achievement",
            "proposed_rating",
            "rating_hasil",
            "rating_reason",
            "rating_perilaku",
            "predicate",
            "feedback",
            "breakdown",
            "finalised_at",
            "objection_deadline",
            "acknowledged_at",
        ],
        evaluations,
    )
    bulk.copy(BehaviourRating, ["evaluation_id", "value", "rating", "note"], behaviours)
    bulk.copy(EvaluationStep, ["evaluation_id", "actor_id", "action", "note", "at"], steps)
    decided_at = finalised_at + datetime.timedelta(days=5)
    bulk.copy(
        Objection,
        ["evaluation_id", "reason", "decider_id", "decision", "decision_reason", "decided_at", "previous"],
        [
            (
                pk,
                reason,
                decider,
                "upheld" if decided else "",
                "Capaian sesuai bukti dukung yang tercatat." if decided else "",
                decided_at if decided else None,
                "{}",
            )
            for pk, reason, decided, decider in objections
        ],
    )
    return {"evaluations": written, "objections": len(objections)}
