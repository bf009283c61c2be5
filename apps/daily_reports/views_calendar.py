"""Month calendars of daily reports: one's own month (ASN) and the team grid (supervisor).

Neither page takes an employee id: each person sees their own reports, a supervisor their own
direct subordinates, so there is nothing to guess. A bad ``?bulan=`` shows the current month.
"""

from django.shortcuts import render
from django.utils import timezone

from apps.core import access

from . import calendar


def _month(request):
    return calendar.month_from_param(request.GET.get("bulan"), today=timezone.localdate())


@access.action_required("report.file")
def calendar_month(request):
    context = calendar.month_calendar_for(request.user, month=_month(request))
    return render(request, "daily_reports/calendar_month.html", context)


@access.action_required("report.review")
def calendar_team(request):
    context = calendar.team_calendar_for(request.user, month=_month(request))
    return render(request, "daily_reports/calendar_team.html", context)
