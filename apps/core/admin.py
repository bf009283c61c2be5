"""Failed background tasks (apps/core/failed_tasks.py): read-only, except marking them handled."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ("failed_at", "task_name", "exception_type", "attempts", "resolved_at")
    list_filter = (("resolved_at", admin.EmptyFieldListFilter), "task_name")
    search_fields = ("task_name", "task_id", "exception_type", "exception_message")
    date_hierarchy = "failed_at"
    fields = (
        "task_name",
        "task_id",
        "arguments",
        "exception_type",
        "exception_message",
        "traceback_tail",
        "attempts",
        "failed_at",
        "resolved_at",
    )
    readonly_fields = fields[:-1]  # what happened is history; only "handled at" is set by hand
    actions = ("mark_resolved",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Tandai sudah ditangani"))
    def mark_resolved(self, request, queryset):
        count = queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        self.message_user(request, _("%(n)s tugas ditandai sudah ditangani.") % {"n": count}, messages.SUCCESS)
