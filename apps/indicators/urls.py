from django.urls import path

from . import views_org, views_review, views_skp

app_name = "indicators"
urlpatterns = [
    path("skp/", views_skp.skp_list, name="skp-list"),
    path("skp/baru/", views_skp.skp_create, name="skp-create"),
    path("skp/<int:pk>/", views_skp.skp_detail, name="skp-detail"),
    path("skp/<int:pk>/ajukan/", views_skp.skp_submit, name="skp-submit"),
    path("skp/<int:pk>/revisi/", views_skp.skp_revise, name="skp-revise"),
    path("skp/<int:pk>/revisi/<int:number>/", views_skp.skp_revision, name="skp-revision"),
    path("skp/<int:pk>/rhk/baru/", views_skp.rhk_create, name="rhk-create"),
    path("skp/rhk/<int:pk>/ubah/", views_skp.rhk_update, name="rhk-update"),
    path("skp/rhk/<int:pk>/hapus/", views_skp.rhk_delete, name="rhk-delete"),
    path("skp/rhk/<int:pk>/iki/baru/", views_skp.iki_create, name="iki-create"),
    path("skp/iki/<int:pk>/ubah/", views_skp.iki_update, name="iki-update"),
    path("skp/iki/<int:pk>/hapus/", views_skp.iki_delete, name="iki-delete"),
    path("skp/iki/<int:pk>/target/", views_skp.iki_targets, name="iki-targets"),
    path("skp/iki/<int:pk>/realisasi/", views_skp.realisation_create, name="realisation-create"),
    path("skp/realisasi/<int:pk>/bukti/", views_skp.realisation_evidence, name="realisation-evidence"),
    # the pejabat penilai
    path("skp/tim/", views_review.team_list, name="team-list"),
    path("skp/<int:pk>/setujui/", views_review.skp_approve, name="skp-approve"),
    path("skp/<int:pk>/kembalikan/", views_review.skp_return, name="skp-return"),
    path("skp/<int:pk>/ekspektasi/", views_review.skp_expectations, name="skp-expectations"),
    # organisation-wide
    path("skp/sasaran/", views_org.goal_list, name="goal-list"),
    path("skp/sasaran/baru/", views_org.goal_create, name="goal-create"),
    path("skp/sasaran/<int:pk>/ubah/", views_org.goal_update, name="goal-update"),
    path("skp/sasaran/<int:pk>/iku/", views_org.goal_indicator_add, name="goal-indicator-add"),
    path("skp/sasaran/<int:pk>/hapus/", views_org.goal_delete, name="goal-delete"),
    path("skp/kaskade/", views_org.cascade, name="cascade"),
    path("skp/rekap/", views_org.status_overview, name="overview"),
    path("skp/pustaka/", views_org.library_list, name="library-list"),
    path("skp/pengaturan/", views_org.performance_settings, name="settings"),
]
