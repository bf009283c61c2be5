"""The holiday table pages: BKPSDM admins list, add, change and delete dates (DOMAIN.md "Daily
reports": weekends and the holiday table are not working days)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import action_required
from .forms import HolidayForm

MANAGE = "admin.manage"


def _back_to_year(date):
    return redirect(f"{reverse('core:holiday-list')}?tahun={date.year}")


def _render_form(request, form, holiday=None, status=200):
    context = {"form": form, "holiday": holiday}
    return render(request, "core/holiday_form.html", context, status=status)


@action_required(MANAGE)
def holiday_list(request):
    year = selectors.holiday_year(request.GET.get("tahun"))
    context = {
        "year": year,
        "years": selectors.holiday_years(around=year),
        "holidays": selectors.holiday_list(year=year),
        "working_days": selectors.working_days_in_year(year),
    }
    return render(request, "core/holiday_list.html", context)


@action_required(MANAGE)
def holiday_create(request):
    if request.method != "POST":
        return _render_form(request, HolidayForm())
    form = HolidayForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    try:
        holiday = services.holiday_create(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_form(request, form, status=400)
    messages.success(
        request,
        _("%(date)s ditambahkan: %(name)s.") % {"date": date_format(holiday.date, "j F Y"), "name": holiday.name},
    )
    return _back_to_year(holiday.date)


@action_required(MANAGE)
def holiday_update(request, pk):
    holiday = selectors.holiday_get(pk)
    if request.method != "POST":
        return _render_form(request, HolidayForm(holiday=holiday), holiday)
    form = HolidayForm(request.POST, holiday=holiday)
    if not form.is_valid():
        return _render_form(request, form, holiday, status=400)
    try:
        services.holiday_update(actor=request.user, holiday=holiday, **form.cleaned_data)
    except ValidationError as exc:
        holiday.refresh_from_db()  # the service set the rejected values on it
        form.add_error(None, exc)
        return _render_form(request, form, holiday, status=400)
    messages.success(request, _("Perubahan %(date)s disimpan.") % {"date": date_format(holiday.date, "j F Y")})
    return _back_to_year(holiday.date)


@action_required(MANAGE)
@require_POST
def holiday_delete(request, pk):
    holiday = selectors.holiday_get(pk)
    date, name = holiday.date, holiday.name
    services.holiday_delete(actor=request.user, holiday=holiday)
    messages.success(request, _("%(date)s (%(name)s) dihapus.") % {"date": date_format(date, "j F Y"), "name": name})
    return _back_to_year(date)
