"""BKPSDM keeps the complaint settings, the public services, the blocklist and the units' handlers
here too. Blocks go through the blocklist service (normalised values, the contact's open
complaints hidden or shown again); complaints themselves only through the back office pages."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ContactBlock, FeedbackSettings, PublicService, UnitHandler
from .services import blocklist


@admin.register(FeedbackSettings)
class FeedbackSettingsAdmin(admin.ModelAdmin):
    fields = [
        "verify_days",
        "follow_up_days",
        "auto_close_days",
        "reopen_days",
        "complaints_per_hour",
        "captcha_after",
        "lookups_per_hour",
        "min_fill_seconds",
    ]

    def has_add_permission(self, request):  # one row (pk 1), made by FeedbackSettings.current()
        return not FeedbackSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicService)
class PublicServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code", "keywords", "unit__name"]
    raw_id_fields = ["unit"]
    fields = ["name", "code", "unit", "description", "keywords", "is_active"]


class ContactBlockAdminForm(forms.ModelForm):
    class Meta:
        model = ContactBlock
        fields = ["kind", "value", "reason"]

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("value"):
            try:
                data["value"] = blocklist.validated(data["kind"], data["value"])
            except ValidationError as exc:
                self.add_error("value", exc.message_dict.get("value") or exc.messages)
        return data


@admin.register(ContactBlock)
class ContactBlockAdmin(admin.ModelAdmin):
    form = ContactBlockAdminForm
    list_display = ["value", "kind", "reason", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "reason"]
    fields = ["kind", "value", "reason"]

    def has_change_permission(self, request, obj=None):  # remove and add again: the service rehides
        return False

    def save_model(self, request, obj, form, change):
        block, hidden = blocklist.contact_block_add(
            actor=request.user, kind=obj.kind, value=obj.value, reason=obj.reason
        )
        obj.pk = block.pk
        messages.info(request, _("%(n)s pengaduan yang masih berjalan disembunyikan.") % {"n": hidden})

    def delete_model(self, request, obj):
        blocklist.contact_block_remove(actor=request.user, block=obj)

    def delete_queryset(self, request, queryset):
        for block in queryset:
            blocklist.contact_block_remove(actor=request.user, block=block)


@admin.register(UnitHandler)
class UnitHandlerAdmin(admin.ModelAdmin):
    list_display = ["employee", "unit", "designated_by", "created_at"]
    search_fields = ["employee__name", "employee__nip", "unit__name"]
    raw_id_fields = ["unit", "employee"]
    fields = ["unit", "employee"]

    def save_model(self, request, obj, form, change):
        if not obj.designated_by_id:
            obj.designated_by = request.user
        super().save_model(request, obj, form, change)
