"""The complaints back office, mounted at /kelola/pengaduan/ (login required; apps/core/access.py
decides who sees what)."""

from django.urls import path

from . import views_staff, views_staff_actions, views_staff_settings

app_name = "kelola_pengaduan"

urlpatterns = [
    path("", views_staff.complaint_list, name="complaint-list"),
    path("ekspor/", views_staff.complaint_export, name="complaint-export"),
    path("<int:pk>/", views_staff.complaint_detail, name="complaint-detail"),
    path("<int:pk>/pelapor/", views_staff.complaint_reporter, name="complaint-reporter"),
    path("<int:pk>/lampiran/<int:attachment_pk>/", views_staff.complaint_attachment, name="complaint-attachment"),
    # BKPSDM's verification
    path("<int:pk>/teruskan/", views_staff_actions.complaint_route, name="complaint-route"),
    path("<int:pk>/minta-informasi/", views_staff_actions.complaint_ask_info, name="complaint-ask-info"),
    path("<int:pk>/bukan-wewenang/", views_staff_actions.complaint_out_of_scope, name="complaint-out-of-scope"),
    path("<int:pk>/spam/", views_staff_actions.complaint_spam, name="complaint-spam"),
    # the unit's handling (and BKPSDM's)
    path("<int:pk>/tanggapi/", views_staff_actions.complaint_reply, name="complaint-reply"),
    path("<int:pk>/catatan/", views_staff_actions.complaint_note, name="complaint-note"),
    path("<int:pk>/selesai/", views_staff_actions.complaint_resolve, name="complaint-resolve"),
    path("<int:pk>/tutup/", views_staff_actions.complaint_close, name="complaint-close"),
    path("<int:pk>/kaitkan-pegawai/", views_staff_actions.complaint_link, name="complaint-link"),
    # who handles a unit's complaints; the blocklist
    path("petugas/", views_staff_settings.handler_list, name="handler-list"),
    path("petugas/tambah/", views_staff_settings.handler_add, name="handler-add"),
    path("petugas/<int:pk>/hapus/", views_staff_settings.handler_remove, name="handler-remove"),
    path("blokir/", views_staff_settings.blocklist_page, name="blocklist"),
    path("blokir/<int:pk>/hapus/", views_staff_settings.block_delete, name="block-delete"),
]
