"""The pejabat penilai's pages: the team's SKPs, approve or return, write expectations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access

from .forms import ExpectationsForm, ReturnForm
from .selectors import skp as selectors
from .services import skp as skp_services


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return selectors.current_year()
    return year if 2000 <= year <= 2100 else selectors.current_year()


@access.action_required("skp.review")
def team_list(request):
    year = _year(request)
    rows = selectors.team_rows(request.user, year=year)
    waiting = sum(1 for row in rows if row["skp"] and row["skp"].status == "submitted")
    return render(request, "indicators/team_list.html", {"rows": rows, "year": year, "waiting": waiting})


@require_POST
def skp_approve(request, pk):
    skp = selectors.skp_get_for(request.user, pk)
    access.require(request.user, "skp.decide", skp)
    skp_services.skp_approve(actor=request.user, skp=skp)
    messages.success(request, _("SKP %(name)s disetujui dan dikunci.") % {"name": skp.employee.full_name})
    if request.POST.get("next") == "team":
        return redirect("indicators:team-list")
    return redirect("indicators:skp-detail", pk=skp.pk)


@require_POST
def skp_return(request, pk):
    skp = selectors.skp_get_for(request.user, pk)
    access.require(request.user, "skp.decide", skp)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            skp_services.skp_return(actor=request.user, skp=skp, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error("note", exc.messages[0])
        else:
            messages.success(
                request, _("SKP dikembalikan kepada %(name)s dengan catatan.") % {"name": skp.employee.full_name}
            )
            return redirect("indicators:skp-detail", pk=skp.pk)
    return render(request, "indicators/skp_return.html", {"skp": skp, "form": form}, status=400)


def skp_expectations(request, pk):
    skp = selectors.skp_get_for(request.user, pk)
    access.require(request.user, "skp.review", skp)
    form = ExpectationsForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            skp_services.expectations_set(actor=request.user, skp=skp, texts=form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Ekspektasi khusus pimpinan disimpan."))
            return redirect("indicators:skp-detail", pk=skp.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/skp_expectations.html", {"skp": skp, "form": form}, status=status)
