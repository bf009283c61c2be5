from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("bench/baseline/", views.bench_baseline, name="bench-baseline"),
]
