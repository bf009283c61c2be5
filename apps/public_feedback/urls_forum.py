"""Public forums and the public statistics (no login: see access.PUBLIC_NAMESPACES)."""

from django.urls import path

from . import views_forum as views

app_name = "forum"

urlpatterns = [
    path("forum/", views.forum_list, name="forum-list"),
    path("forum/<int:pk>/", views.forum_detail, name="forum-detail"),
    path("statistik-layanan/", views.statistics, name="statistics"),
]
