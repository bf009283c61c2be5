"""The evaluation journey in a real browser: the pejabat penilai evaluates a subordinate on a
desktop and finalises; the employee reads the result on a phone and objects; screenshots of the
form, the result and the curve."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from apps.evaluations.models import Evaluation, EvaluationStatus
from apps.evaluations.services.periods import period_open
from apps.indicators.models import Iki
from apps.indicators.services.realisation import realisation_add
from tests.indicators.conftest import build_skp

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_evaluate_finalise_then_the_employee_objects(new_page, screenshot, org, admin_user, password):
    skp = build_skp(org.asn, approve_by=org.supervisor.user)
    realisation_add(actor=org.asn.user, iki=Iki.objects.get(rhk__skp=skp), period=11, value=Decimal(9))
    period = period_open(actor=admin_user, year=2026, kind="periodic", number=11)

    boss = new_page(DESKTOP)
    log_in(boss, org.supervisor.user.username, password)
    boss.goto(f"/evaluasi/tim/?periode={period.pk}")
    boss.get_by_role("button", name="Mulai evaluasi").first.click()
    main = boss.locator("main")
    expect(main).to_contain_text("Usulan rating hasil kerja")
    expect(main).to_contain_text("Sesuai Ekspektasi")
    boss.get_by_label("Rating hasil kerja").select_option("sesuai")
    for select in boss.locator("fieldset.behaviour select").all():
        select.select_option("sesuai")
    boss.get_by_label("Rating perilaku kerja").select_option("di_atas")
    boss.get_by_label("Umpan balik untuk pegawai").fill("Teliti; pertahankan kecepatan pelayanan.")
    screenshot(boss, "evaluation-form")
    boss.get_by_role("button", name="Finalkan").click()
    expect(main).to_contain_text("Evaluasi difinalkan")
    expect(main).to_contain_text("Baik")
    evaluation = Evaluation.objects.get(employee=org.asn)
    assert evaluation.status == EvaluationStatus.FINAL and evaluation.predicate == "baik"

    page = new_page(PHONE)
    log_in(page, org.asn.user.username, password)
    page.goto("/evaluasi/")
    page.get_by_role("link", name=period.label).click()
    expect(page.locator("main")).to_contain_text("Teliti; pertahankan kecepatan pelayanan.")
    assert_fits_width(page)
    screenshot(page, "evaluation-result")
    page.get_by_label("Alasan keberatan").fill("Kegiatan lapangan November belum dihitung.")
    page.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.locator("main")).to_contain_text("Keberatan diajukan")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.OBJECTED
