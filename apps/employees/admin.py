from django.contrib import admin

from .models import ActingAssignment, Employee, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "head")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "code")
    raw_id_fields = ("parent", "head")


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("nip", "name", "unit", "jabatan", "supervisor", "is_active")
    list_filter = ("employment_type", "jabatan_kind", "is_active")
    search_fields = ("nip", "name")
    raw_id_fields = ("user", "unit", "supervisor")


@admin.register(ActingAssignment)
class ActingAssignmentAdmin(admin.ModelAdmin):
    list_display = ("employee", "unit", "kind", "starts_on", "ends_on")
    raw_id_fields = ("employee", "unit")
