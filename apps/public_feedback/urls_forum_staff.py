"""BKPSDM's management of public forums (mounted at /kelola/forum/, login and admin role)."""

from django.urls import path

from . import views_forum_staff as views

app_name = "kelola_forum"

urlpatterns = [
    path("", views.forum_list, name="forum-list"),
    path("baru/", views.forum_create, name="forum-create"),
    path("<int:pk>/", views.forum_detail, name="forum-detail"),
    path("<int:pk>/ubah/", views.forum_update, name="forum-update"),
    path("<int:pk>/batalkan/", views.forum_cancel, name="forum-cancel"),
    path("<int:pk>/terlaksana/", views.forum_held, name="forum-held"),
    path("<int:pk>/notulen/", views.minutes_save, name="minutes-save"),
    path("<int:pk>/tindak-lanjut/", views.follow_up_create, name="follow-up-create"),
    path("masukan/<int:pk>/moderasi/", views.input_moderate, name="input-moderate"),
    path("tindak-lanjut/<int:pk>/selesai/", views.follow_up_done, name="follow-up-done"),
    path("tindak-lanjut/<int:pk>/hapus/", views.follow_up_delete, name="follow-up-delete"),
]
