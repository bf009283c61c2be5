"""The training calendar: the month page (every signed-in user: sessions are the government's public
catalogue; an ASN sees their own enrollments marked and their feed address) and the personal
iCalendar feed, which calendar apps fetch without an account (``access.PUBLIC_URL_NAMES``): the
signed token in its URL is the only key, and a bad one is a 404."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from apps.daily_reports.calendar import month_from_param

from . import calendar


def calendar_month(request):
    month = month_from_param(request.GET.get("bulan"), today=timezone.localdate())
    context = calendar.month_calendar_for(request.user, month=month)
    if context["employee"] is not None:
        path = f"{reverse('trainings:calendar-feed')}?token={calendar.feed_token(request.user)}"
        context["feed_url"] = request.build_absolute_uri(path)
    return render(request, "trainings/calendar_month.html", context)


@require_safe
def calendar_feed(request):
    user = calendar.feed_user(request.GET.get("token"))
    if user is None:
        raise Http404
    response = HttpResponse(
        calendar.ics_feed(calendar.feed_enrollments(user)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="pelatihan.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
