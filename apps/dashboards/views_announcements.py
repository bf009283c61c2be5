"""Announcement pages (sosialisasi): readers see those addressed to them; BKPSDM admins publish,
change and withdraw them (rule "announcement.manage")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access

from .forms import AnnouncementForm
from .selectors import announcements as selectors
from .services import announcements as services

MANAGE = "announcement.manage"
PAGE_SIZE = 20


# --- Readers -----------------------------------------------------------------------------------


@access.action_required("home.view")
def announcement_list(request):
    page = Paginator(selectors.announcement_list_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboards/announcement_list.html", {"page": page})


def announcement_detail(request, pk):
    """Opening it is reading it: the home pages stop showing it and its notice is marked read."""
    announcement = selectors.announcement_get_for(request.user, pk)
    addressed = selectors.announcement_is_addressed_to(request.user, announcement)
    if addressed:
        services.announcement_mark_read(user=request.user, announcement=announcement)
    context = {"announcement": announcement, "can_manage": access.can(request.user, MANAGE)}
    return render(request, "dashboards/announcement_detail.html", context)


@require_POST
def announcement_read(request, pk):
    """Mark as read from a home page, then go back where the reader was (a local ``next`` only)."""
    announcement = selectors.announcement_get_for(request.user, pk)
    if selectors.announcement_is_addressed_to(request.user, announcement):
        services.announcement_mark_read(user=request.user, announcement=announcement)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("announcements:announcement-list")


# --- BKPSDM admins -----------------------------------------------------------------------------


def _render_form(request, form, announcement=None, status=200):
    context = {"form": form, "announcement": announcement}
    return render(request, "dashboards/announcement_form.html", context, status=status)


@access.action_required(MANAGE)
def manage_list(request):
    page = Paginator(selectors.announcement_manage_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboards/announcement_manage.html", {"page": page})


@access.action_required(MANAGE)
def announcement_create(request):
    if request.method != "POST":
        return _render_form(request, AnnouncementForm())
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    try:
        announcement = services.announcement_publish(actor=request.user, data=form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_form(request, form, status=400)
    if announcement.has_started:
        messages.success(request, _("Pengumuman “%(title)s” diterbitkan.") % {"title": announcement.title})
    else:
        messages.success(request, _("Pengumuman “%(title)s” dijadwalkan.") % {"title": announcement.title})
    return redirect("announcements:manage-list")


@access.action_required(MANAGE)
def announcement_update(request, pk):
    announcement = selectors.announcement_get(pk)
    if announcement.is_withdrawn:
        messages.error(request, _("Pengumuman yang sudah ditarik tidak dapat diubah."))
        return redirect("announcements:manage-list")
    if request.method != "POST":
        return _render_form(request, AnnouncementForm(announcement=announcement), announcement)
    form = AnnouncementForm(request.POST, announcement=announcement)
    if not form.is_valid():
        return _render_form(request, form, announcement, status=400)
    try:
        services.announcement_update(actor=request.user, announcement=announcement, data=form.cleaned_data)
    except ValidationError as exc:
        announcement.refresh_from_db()  # the service may have set the rejected values on it
        form.add_error(None, exc)
        return _render_form(request, form, announcement, status=400)
    messages.success(request, _("Perubahan pengumuman disimpan."))
    return redirect("announcements:manage-list")


@access.action_required(MANAGE)
@require_POST
def announcement_withdraw(request, pk):
    announcement = selectors.announcement_get(pk)
    services.announcement_withdraw(actor=request.user, announcement=announcement)
    messages.success(request, _("Pengumuman “%(title)s” ditarik dari semua penerima.") % {"title": announcement.title})
    return redirect("announcements:manage-list")
