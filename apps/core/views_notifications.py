"""The notification centre: one's own notices, newest first; mark one or all as read."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.dashboards.selectors.announcements import announcements_for

from .models import Notification
from .notify import mark_read


def notification_list(request):
    notices = Notification.objects.filter(user=request.user)
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    # the active, unread announcements addressed to the user lead the page (sosialisasi)
    context = {"page": page, "announcements": announcements_for(request.user)}
    return render(request, "core/notification_list.html", context)


@require_POST
def notification_read(request):
    """Mark as read: the ids posted, or everything; then follow the notice's link if one was given."""
    # ASCII digits that fit a bigint ("²" passes isdigit() but not int())
    ids = [value for value in request.POST.getlist("id") if value.isascii() and value.isdigit() and len(value) <= 18]
    mark_read(user=request.user, notice_ids=ids or None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("core:notification-list")
