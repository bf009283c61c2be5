"""BKPSDM's pages for public forums (namespace "kelola_forum", admins only): schedule, edit and
cancel; moderate the citizens' input; mark a forum held, write and publish its minutes; record the
follow-up actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.validation import add_service_errors

from .forms_forum import FollowUpForm, ForumForm, MinutesForm
from .selectors import forums as selectors
from .services import forums

manage = access.action_required("admin.manage")
PER_PAGE = 25


def _detail_url(forum_id, anchor=""):
    return reverse("kelola_forum:forum-detail", args=[forum_id]) + anchor


def _refused(request, exc: ValidationError, forum_id):
    """A decision someone else made first (or a state that no longer allows it): say so, go back."""
    messages.warning(request, " ".join(exc.messages))
    return redirect(_detail_url(forum_id))


@manage
def forum_list(request):
    page = Paginator(selectors.forum_list_staff(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "public_feedback/forum/staff_list.html", {"page": page})


@manage
def forum_create(request):
    form = ForumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forum = forums.forum_schedule(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, _on_form(exc))
        else:
            messages.success(request, _("Forum dijadwalkan dan tampil di halaman publik."))
            return redirect(_detail_url(forum.pk))
    context = {"form": form, "forum": None}
    return render(request, "public_feedback/forum/staff_form.html", context, status=400 if form.is_bound else 200)


@manage
def forum_update(request, pk):
    forum = selectors.forum_get(pk)
    form = ForumForm(request.POST or None, forum=forum)
    if request.method == "POST" and form.is_valid():
        try:
            forums.forum_update(actor=request.user, forum=forum, **form.service_kwargs())
        except ValidationError as exc:
            if getattr(exc, "code", None) == "decided":
                return _refused(request, exc, forum.pk)
            add_service_errors(form, _on_form(exc))
        else:
            messages.success(request, _("Perubahan forum tersimpan."))
            return redirect(_detail_url(forum.pk))
    context = {"form": form, "forum": forum}
    return render(request, "public_feedback/forum/staff_form.html", context, status=400 if form.is_bound else 200)


def _on_form(exc: ValidationError) -> ValidationError:
    """The service speaks of moments (starts_at, ends_at); the form shows a date and two times."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {"starts_at": "start_time", "ends_at": "end_time"}
    return ValidationError({renamed.get(name, name): errors for name, errors in exc.error_dict.items()})


@manage
def forum_detail(request, pk, minutes_form=None, follow_up_form=None, status=200):
    forum = selectors.forum_get(pk)
    context = {
        "forum": forum,
        "inputs": selectors.forum_inputs_all(forum),
        "follow_ups": selectors.forum_follow_ups(forum),
        "minutes_form": minutes_form or MinutesForm(initial={"minutes": forum.minutes}),
        "follow_up_form": follow_up_form or FollowUpForm(initial={"unit": forum.unit_id}),
        "accepts_input": forums.accepts_input(forum),
    }
    return render(request, "public_feedback/forum/staff_detail.html", context, status=status)


@require_POST
@manage
def forum_cancel(request, pk):
    forum = selectors.forum_get(pk)
    try:
        forums.forum_cancel(actor=request.user, forum=forum)
    except ValidationError as exc:
        return _refused(request, exc, forum.pk)
    messages.success(request, _("Forum dibatalkan; halaman publik menandainya dibatalkan."))
    return redirect(_detail_url(forum.pk))


@require_POST
@manage
def forum_held(request, pk):
    forum = selectors.forum_get(pk)
    try:
        forums.forum_mark_held(actor=request.user, forum=forum)
    except ValidationError as exc:
        return _refused(request, exc, forum.pk)
    messages.success(request, _("Forum ditandai terlaksana. Tulis notulen dan tindak lanjutnya."))
    return redirect(_detail_url(forum.pk, "#notulen"))


@require_POST
@manage
def minutes_save(request, pk):
    forum = selectors.forum_get(pk)
    form = MinutesForm(request.POST)
    publish = "publish" in request.POST
    if form.is_valid():
        try:
            forums.forum_minutes_save(
                actor=request.user, forum=forum, minutes=form.cleaned_data["minutes"], publish=publish
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if publish:
                messages.success(request, _("Notulen dan tindak lanjut diterbitkan di halaman publik."))
            else:
                messages.success(request, _("Notulen tersimpan."))
            return redirect(_detail_url(forum.pk, "#notulen"))
    return forum_detail(request, pk, minutes_form=form, status=400)


@require_POST
@manage
def input_moderate(request, pk):
    item = selectors.input_get(pk)
    hidden = request.POST.get("hidden") == "1"
    forums.forum_input_moderate(actor=request.user, item=item, hidden=hidden)
    if hidden:
        messages.success(request, _("Masukan disembunyikan dari halaman publik (tetap tersimpan)."))
    else:
        messages.success(request, _("Masukan ditampilkan kembali."))
    return redirect(_detail_url(item.forum_id, "#masukan"))


@require_POST
@manage
def follow_up_create(request, pk):
    forum = selectors.forum_get(pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            forums.follow_up_add(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tindak lanjut dicatat."))
            return redirect(_detail_url(forum.pk, "#tindak-lanjut"))
    return forum_detail(request, pk, follow_up_form=form, status=400)


@require_POST
@manage
def follow_up_done(request, pk):
    follow_up = selectors.follow_up_get(pk)
    forums.follow_up_set_done(actor=request.user, follow_up=follow_up, done=request.POST.get("done") == "1")
    return redirect(_detail_url(follow_up.forum_id, "#tindak-lanjut"))


@require_POST
@manage
def follow_up_delete(request, pk):
    follow_up = selectors.follow_up_get(pk)
    forums.follow_up_delete(actor=request.user, follow_up=follow_up)
    messages.success(request, _("Tindak lanjut dihapus."))
    return redirect(_detail_url(follow_up.forum_id, "#tindak-lanjut"))
