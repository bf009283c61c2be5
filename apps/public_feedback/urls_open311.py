"""Open311 GeoReport v2, read only (mounted at /open311/v2/; public, see access.PUBLIC_NAMESPACES)."""

from django.urls import path

from . import views_open311 as views

app_name = "open311"

urlpatterns = [
    path("discovery.json", views.discovery, name="discovery"),
    path("services.json", views.service_list, name="service-list"),
    path("requests.json", views.request_list, name="request-list"),
    path("requests/<str:reference>.json", views.request_detail, name="request-detail"),
]
