"""The citizens' site (namespace "pengaduan", public: apps/core/access.PUBLIC_NAMESPACES)."""

from django.urls import path

from . import views_public as views

app_name = "pengaduan"

urlpatterns = [
    path("publik/", views.landing, name="landing"),
    path("pengaduan/", views.complaint_create, name="complaint-create"),
    path("pengaduan/terkirim/", views.complaint_sent, name="complaint-sent"),
    path("pengaduan/lacak/", views.complaint_track, name="complaint-track"),
    path("pengaduan/lacak/keluar/", views.complaint_track_end, name="complaint-track-end"),
    # the reference is public; what it shows depends on the code this session proved (views_public)
    path("pengaduan/lacak/<str:reference>/", views.complaint_detail, name="complaint-detail"),
    path("pengaduan/lacak/<str:reference>/informasi/", views.complaint_add_info, name="complaint-add-info"),
    path("pengaduan/lacak/<str:reference>/buka-kembali/", views.complaint_reopen, name="complaint-reopen"),
    path("pengaduan/lacak/<str:reference>/selesai/", views.complaint_confirm, name="complaint-confirm"),
    path("pengaduan/lacak/<str:reference>/nilai/", views.complaint_rate, name="complaint-rate"),
    path("pengaduan/lacak/<str:reference>/lampiran/<int:pk>/", views.attachment_download, name="attachment-download"),
]
