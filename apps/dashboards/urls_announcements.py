from django.urls import path

from . import views_announcements as views

app_name = "announcements"
urlpatterns = [
    path("", views.announcement_list, name="announcement-list"),
    path("<int:pk>/", views.announcement_detail, name="announcement-detail"),
    path("<int:pk>/dibaca/", views.announcement_read, name="announcement-read"),
    path("kelola/", views.manage_list, name="manage-list"),
    path("kelola/baru/", views.announcement_create, name="announcement-create"),
    path("kelola/<int:pk>/ubah/", views.announcement_update, name="announcement-update"),
    path("kelola/<int:pk>/tarik/", views.announcement_withdraw, name="announcement-withdraw"),
]
