"""IKM per unit per period for staff (namespace "ikm", mounted at /kelola/ikm/, login required)."""

from django.urls import path

from . import views_ikm

app_name = "ikm"

urlpatterns = [
    path("", views_ikm.ikm_list, name="ikm-list"),
    path("unit/<int:unit_pk>/", views_ikm.unit_detail, name="unit-detail"),
    path("unit/<int:unit_pk>/laporan.pdf", views_ikm.unit_pdf, name="unit-pdf"),
]
