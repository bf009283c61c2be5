from django.urls import path

from . import views, views_city

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("dasbor/", views_city.city, name="city"),
    path("dasbor/pegawai/<int:pk>/", views_city.person, name="person"),
]
