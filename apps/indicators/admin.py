"""BKPSDM admins edit the template library here (RHK templates inline, then their IKI); every
other change goes through the app's own pages and services."""

from django.contrib import admin

from .models import IkiTemplate, PerformanceSettings, RhkTemplate, SkpTemplate


class RhkTemplateInline(admin.StackedInline):
    model = RhkTemplate
    extra = 1
    fields = ["kind", "text", "position"]
    show_change_link = True


class IkiTemplateInline(admin.TabularInline):
    model = IkiTemplate
    extra = 1
    fields = ["text", "aspect", "target_value", "target_unit", "direction", "cumulative", "position"]


@admin.register(SkpTemplate)
class SkpTemplateAdmin(admin.ModelAdmin):
    list_display = ["jabatan", "jabatan_kind", "is_active"]
    list_filter = ["jabatan_kind", "is_active"]
    search_fields = ["jabatan"]
    fields = ["jabatan", "jabatan_kind", "description", "is_active"]
    inlines = [RhkTemplateInline]


@admin.register(RhkTemplate)
class RhkTemplateAdmin(admin.ModelAdmin):
    list_display = ["text", "template", "kind"]
    search_fields = ["text", "template__jabatan"]
    fields = ["template", "kind", "text", "position"]
    inlines = [IkiTemplateInline]


@admin.register(PerformanceSettings)
class PerformanceSettingsAdmin(admin.ModelAdmin):
    fields = ["period_kind", "achievement_cap", "above_threshold", "below_threshold"]
