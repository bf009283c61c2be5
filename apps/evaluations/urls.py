from django.urls import path

from . import views, views_admin

app_name = "evaluations"
urlpatterns = [
    path("evaluasi/", views.evaluation_list, name="evaluation-list"),
    path("evaluasi/tim/", views.team, name="team"),
    path("evaluasi/mulai/<int:period_pk>/<str:nip>/", views.evaluation_start, name="evaluation-start"),
    path("evaluasi/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    path("evaluasi/<int:pk>/nilai/", views.evaluation_edit, name="evaluation-edit"),
    path("evaluasi/<int:pk>/terima/", views.evaluation_acknowledge, name="evaluation-acknowledge"),
    path("evaluasi/<int:pk>/keberatan/", views.objection_create, name="objection-create"),
    path("evaluasi/keberatan/", views_admin.objection_inbox, name="objection-inbox"),
    path("evaluasi/keberatan/<int:pk>/", views_admin.objection_decide, name="objection-decide"),
    path("evaluasi/periode/", views_admin.period_list, name="period-list"),
    path("evaluasi/periode/<int:pk>/tutup/", views_admin.period_close, name="period-close"),
    path("evaluasi/unit/", views_admin.unit_curve, name="unit-curve"),
    path("evaluasi/unit/nilai/", views_admin.unit_rate, name="unit-rate"),
]
