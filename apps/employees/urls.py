from django.urls import path

from . import views, views_import

app_name = "employees"
urlpatterns = [
    path("pegawai/", views.employee_list, name="employee-list"),
    path("pegawai/baru/", views.employee_create, name="employee-create"),
    path("pegawai/ekspor/", views.employee_export, name="employee-export"),
    path("pegawai/<str:nip>/", views.employee_detail, name="employee-detail"),
    path("pegawai/<str:nip>/ubah/", views.employee_update, name="employee-update"),
    path("pegawai/<str:nip>/nonaktifkan/", views.employee_deactivate, name="employee-deactivate"),
    path("pegawai/<str:nip>/undang/", views.employee_invite, name="employee-invite"),
    path("organisasi/", views.orgunit_chart, name="orgunit-chart"),
    path("organisasi/baru/", views.orgunit_create, name="orgunit-create"),
    path("organisasi/<int:pk>/ubah/", views.orgunit_update, name="orgunit-update"),
    path("plt/", views.acting_list, name="acting-list"),
    path("plt/<int:pk>/hapus/", views.acting_delete, name="acting-delete"),
    # --- import (apps/employees/views_import.py) ---
    path("impor-pegawai/", views_import.import_upload, name="import-upload"),
    path("impor-pegawai/templat.csv", views_import.import_template, name="import-template"),
    path("impor-pegawai/<uuid:uuid>/", views_import.import_preview, name="import-preview"),
    path("impor-pegawai/<uuid:uuid>/terapkan/", views_import.import_confirm, name="import-confirm"),
    path("impor-pegawai/<uuid:uuid>/kesalahan.csv", views_import.import_errors, name="import-errors"),
    # --- end import ---
]
