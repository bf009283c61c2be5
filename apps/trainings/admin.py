"""BKPSDM keeps the competencies and programs here; sessions, enrollment, attendance and JP go
through the app's own pages and services (seat counts and the ledger must stay consistent)."""

from django.contrib import admin

from .models import Competency, TrainingProgram, TrainingSettings


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    fields = ["name", "kind", "description"]


@admin.register(TrainingProgram)
class TrainingProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "path", "method", "jp", "is_active"]
    list_filter = ["path", "is_active"]
    search_fields = ["name", "partner"]
    filter_horizontal = ["competencies", "units"]
    fields = [
        "name",
        "path",
        "method",
        "jp",
        "competencies",
        "description",
        "partner",
        "jabatan_kinds",
        "units",
        "min_golongan",
        "max_golongan",
        "counts_toward_pppk_cap",
        "is_active",
    ]


@admin.register(TrainingSettings)
class TrainingSettingsAdmin(admin.ModelAdmin):
    fields = ["minutes_per_jp", "pns_min_jp", "pppk_max_jp", "completion_share", "impact_periods", "incentive_margin"]
