"""Reads of public forums. The public sees every forum (they are announced to everyone), the input
nobody hid, and the minutes and follow-up actions only once published; BKPSDM admins see it all.
Each read is a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ..models import Forum, ForumFollowUp, ForumInput, ForumStatus


def _start_of_today() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))


def _with_counts(forums: QuerySet[Forum]) -> QuerySet[Forum]:
    return forums.select_related("unit").annotate(
        visible_inputs=Count("inputs", filter=Q(inputs__is_hidden=False), distinct=True),
        follow_up_count=Count("follow_ups", distinct=True),
    )


def forum_upcoming() -> list[Forum]:
    """Forums of today and later not yet held, soonest first (cancelled ones too, marked, so
    those who planned to come learn of it)."""
    rows = Forum.objects.filter(starts_at__gte=_start_of_today()).exclude(status=ForumStatus.HELD)
    return list(_with_counts(rows).order_by("starts_at", "pk"))


def forum_past() -> QuerySet[Forum]:
    """Held forums and those of earlier days, latest first (for a paginator)."""
    rows = Forum.objects.filter(Q(starts_at__lt=_start_of_today()) | Q(status=ForumStatus.HELD))
    return _with_counts(rows).order_by("-starts_at", "-pk")


def forum_get(pk) -> Forum:
    try:
        return Forum.objects.select_related("unit").get(pk=pk)
    except (Forum.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def forum_inputs_public(forum: Forum) -> list[ForumInput]:
    return list(forum.inputs.filter(is_hidden=False).order_by("created_at", "pk"))


def forum_follow_ups(forum: Forum) -> list[ForumFollowUp]:
    return list(forum.follow_ups.select_related("unit").order_by("due_on", "pk"))


def forum_follow_ups_public(forum: Forum) -> list[ForumFollowUp]:
    """Published with the minutes: nothing before them."""
    return forum_follow_ups(forum) if forum.minutes_published_at else []


# --- BKPSDM --------------------------------------------------------------------------------------


def forum_list_staff() -> QuerySet[Forum]:
    """Every forum, the next one first, then the past; with input counts (hidden ones apart)."""
    return (
        Forum.objects.select_related("unit")
        .annotate(
            input_count=Count("inputs", distinct=True),
            hidden_count=Count("inputs", filter=Q(inputs__is_hidden=True), distinct=True),
            follow_up_count=Count("follow_ups", distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


def forum_inputs_all(forum: Forum) -> list[ForumInput]:
    return list(forum.inputs.order_by("created_at", "pk"))


def input_get(pk) -> ForumInput:
    try:
        return ForumInput.objects.select_related("forum").get(pk=pk)
    except (ForumInput.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def follow_up_get(pk) -> ForumFollowUp:
    try:
        return ForumFollowUp.objects.select_related("forum").get(pk=pk)
    except (ForumFollowUp.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
