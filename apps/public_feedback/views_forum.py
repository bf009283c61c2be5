"""The citizens' pages of public forums and the public statistics (no login: namespace "forum")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import ratelimit
from apps.core.validation import add_service_errors

from .forms_forum import ForumInputForm
from .selectors import forums as selectors
from .selectors import stats
from .services import forums

PAST_PER_PAGE = 10


def forum_list(request):
    page = Paginator(selectors.forum_past(), PAST_PER_PAGE).get_page(request.GET.get("page"))
    context = {"upcoming": selectors.forum_upcoming(), "page": page}
    return render(request, "public_feedback/forum/forum_list.html", context)


def forum_detail(request, pk):
    """The forum, where and when; before it starts, the input form; after, the minutes."""
    forum = selectors.forum_get(pk)
    form = ForumInputForm(request.POST or None)
    if request.method == "POST":
        forums.input_try(ratelimit.client_ip(request))
        if form.is_valid():
            data = form.cleaned_data
            try:
                forums.forum_input_submit(forum=forum, name=data["name"], text=data["text"], honeypot=data["website"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Terima kasih, masukan Anda sudah kami terima."))
                return redirect(reverse("forum:forum-detail", args=[forum.pk]) + "#masukan")
    context = {
        "forum": forum,
        "form": form,
        "accepts_input": forums.accepts_input(forum),
        "inputs": selectors.forum_inputs_public(forum),
        "follow_ups": selectors.forum_follow_ups_public(forum),
    }
    return render(request, "public_feedback/forum/forum_detail.html", context, status=400 if form.is_bound else 200)


def statistics(request):
    year = stats.stats_year(request.GET.get("tahun"))
    result = stats.public_stats(year=year)
    this_year = timezone.localdate().year
    context = {"stats": result, "years": list(range(this_year - 2, this_year + 1))}
    return render(request, "public_feedback/stats.html", context)
