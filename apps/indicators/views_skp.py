"""Pages of one's own SKP: list, create, the plan with its progress, and editing its content."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.uploads import display_name
from apps.core.validation import add_service_errors

from .forms import (
    UNIT_SUGGESTIONS,
    ExpectationsForm,
    IkiForm,
    PeriodTargetsForm,
    RealisationForm,
    ReturnForm,
    RhkForm,
    SkpCreateForm,
)
from .models import PerformanceSettings
from .periods import period_label, period_of
from .selectors import achievement as achievement_selectors
from .selectors import skp as selectors
from .services import items, realisation
from .services import skp as skp_services


@access.action_required("skp.own")
def skp_list(request):
    skps = list(selectors.own_skps(request.user))
    results = achievement_selectors.skp_results(skps) if skps else {}
    rows = [{"skp": skp, "result": results[skp.pk]} for skp in skps]
    return render(request, "indicators/skp_list.html", {"rows": rows, "year": selectors.current_year()})


@access.action_required("skp.own")
def skp_create(request):
    year = selectors.current_year()
    own = access.employee_of(request.user)
    suggested = selectors.template_for_jabatan(own.jabatan)
    initial = {"year": year, "start": "template" if suggested else "blank", "template": suggested}
    form = SkpCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            skp = skp_services.skp_create(
                actor=request.user,
                employee=own,
                year=data["year"],
                template=data["template"] if data["start"] == form.START_TEMPLATE else None,
                copy_from=data["copy_from"] if data["start"] == form.START_COPY else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("SKP %(year)s dibuat sebagai draf.") % {"year": skp.year})
            return redirect("indicators:skp-detail", pk=skp.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/skp_create.html", {"form": form}, status=status)


def _period_param(request, count):
    """The ?periode= of the page, or None for the year so far; anything odd is the year."""
    try:
        period = int(request.GET.get("periode", ""))
    except ValueError:
        return None
    return period if 1 <= period <= count else None


def skp_detail(request, pk):
    skp = selectors.skp_get_for(request.user, pk)
    count = PerformanceSettings.current().periods_per_year
    period = _period_param(request, count)
    result = achievement_selectors.skp_result(skp, period=period)
    context = {
        "skp": skp,
        "rows": selectors.plan_rows(selectors.skp_content(skp), result),
        "result": result,
        "period": period,
        "periods": [(p, period_label(p, skp.year, count=count)) for p in range(1, count + 1)],
        "period_name": period_label(period, skp.year, count=count) if period else None,
        "through_name": period_label(result.through, count=count) if result.through else None,
        "problems": skp_services.submission_problems(skp) if access.can(request.user, "skp.submit", skp) else [],
        "revisions": skp.revisions.order_by("-number"),
        "expectations": skp.expectations.order_by("pk"),
        "return_form": ReturnForm(),
        "expectations_form": ExpectationsForm(skp=skp) if access.can(request.user, "skp.review", skp) else None,
    }
    return render(request, "indicators/skp_detail.html", context)


def _run(request, action, success, on_success, **kwargs):
    """Call a service; a refusal becomes a message on the page the user came from."""
    try:
        action(actor=request.user, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return on_success


@require_POST
def skp_submit(request, pk):
    skp = selectors.skp_get_for(request.user, pk)
    access.require(request.user, "skp.submit", skp)
    return _run(
        request,
        skp_services.skp_submit,
        _("SKP diajukan ke pejabat penilai."),
        redirect("indicators:skp-detail", pk=skp.pk),
        skp=skp,
    )


@require_POST
def skp_revise(request, pk):
    skp = selectors.skp_get_for(request.user, pk)
    access.require(request.user, "skp.revise", skp)
    return _run(
        request,
        skp_services.skp_revise,
        _("Revisi baru dibuka sebagai draf. Versi yang disetujui tetap tersimpan."),
        redirect("indicators:skp-detail", pk=skp.pk),
        skp=skp,
    )


def skp_revision(request, pk, number):
    revision = selectors.revision_get_for(request.user, pk, number)
    return render(request, "indicators/skp_revision.html", {"revision": revision, "snap": revision.snapshot})


def _form_page(request, template, context, *, bound):
    context.setdefault("unit_suggestions", UNIT_SUGGESTIONS)
    return render(request, template, context, status=400 if bound else 200)


def rhk_create(request, pk):
    return _rhk_form(request, selectors.skp_get_for(request.user, pk), None)


def rhk_update(request, pk):
    rhk = selectors.rhk_get_for(request.user, pk)
    return _rhk_form(request, rhk.skp, rhk)


def _rhk_form(request, skp, rhk):
    access.require(request.user, "skp.edit", skp)
    form = RhkForm(request.POST or None, instance=rhk, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            items.rhk_save(actor=request.user, skp=skp, rhk=rhk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("RHK disimpan."))
            return redirect("indicators:skp-detail", pk=skp.pk)
    return _form_page(
        request, "indicators/rhk_form.html", {"form": form, "skp": skp, "rhk": rhk}, bound=request.method == "POST"
    )


@require_POST
def rhk_delete(request, pk):
    rhk = selectors.rhk_get_for(request.user, pk)
    access.require(request.user, "skp.edit", rhk.skp)
    return _run(request, items.rhk_delete, _("RHK dihapus."), redirect("indicators:skp-detail", pk=rhk.skp_id), rhk=rhk)


def iki_create(request, pk):
    rhk = selectors.rhk_get_for(request.user, pk)
    return _iki_form(request, rhk, None)


def iki_update(request, pk):
    iki = selectors.iki_get_for(request.user, pk)
    return _iki_form(request, iki.rhk, iki)


def _iki_form(request, rhk, iki):
    access.require(request.user, "skp.edit", rhk.skp)
    form = IkiForm(request.POST or None, instance=iki)
    if request.method == "POST" and form.is_valid():
        try:
            items.iki_save(actor=request.user, rhk=rhk, iki=iki, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("IKI disimpan; target per periode dibagi otomatis bila targetnya berubah."))
            return redirect("indicators:skp-detail", pk=rhk.skp_id)
    return _form_page(
        request, "indicators/iki_form.html", {"form": form, "rhk": rhk, "iki": iki}, bound=request.method == "POST"
    )


@require_POST
def iki_delete(request, pk):
    iki = selectors.iki_get_for(request.user, pk)
    access.require(request.user, "skp.edit", iki.rhk.skp)
    return _run(
        request, items.iki_delete, _("IKI dihapus."), redirect("indicators:skp-detail", pk=iki.rhk.skp_id), iki=iki
    )


def iki_targets(request, pk):
    iki = selectors.iki_get_for(request.user, pk)
    skp = iki.rhk.skp
    access.require(request.user, "skp.edit", skp)
    count = PerformanceSettings.current().periods_per_year
    targets = achievement_selectors.period_targets(
        iki, {t.period: t.target_value for t in iki.period_targets.all()}, count
    )
    form = PeriodTargetsForm(
        request.POST or None, count=count, year=skp.year, initial={f"period_{p}": v for p, v in targets.items()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            items.period_targets_set(actor=request.user, iki=iki, targets=form.targets())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Target per periode disimpan."))
            return redirect("indicators:skp-detail", pk=skp.pk)
    return _form_page(
        request, "indicators/iki_targets.html", {"form": form, "iki": iki, "skp": skp}, bound=request.method == "POST"
    )


def realisation_create(request, pk):
    iki = selectors.iki_get_for(request.user, pk)
    skp = iki.rhk.skp
    access.require(request.user, "skp.record", skp)
    count = PerformanceSettings.current().periods_per_year
    today_period = period_of(timezone.localdate())
    form = RealisationForm(
        request.POST or None, request.FILES or None, count=count, year=skp.year, initial={"period": today_period}
    )
    if request.method == "POST" and form.is_valid():
        try:
            realisation.realisation_add(actor=request.user, iki=iki, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Realisasi dicatat."))
            return redirect("indicators:skp-detail", pk=skp.pk)
    entries = iki.realisations.order_by("period", "created_at")
    return _form_page(
        request,
        "indicators/realisation_form.html",
        {"form": form, "iki": iki, "skp": skp, "entries": entries},
        bound=request.method == "POST",
    )


def realisation_evidence(request, pk):
    """The evidence file, to those who may read the SKP, always as a download."""
    entry = selectors.realisation_get_for(request.user, pk)
    if not entry.evidence:
        raise Http404
    return FileResponse(
        entry.evidence.open("rb"),
        as_attachment=True,
        filename=display_name(entry.evidence_name),
        content_type=entry.evidence_type or "application/octet-stream",
    )
