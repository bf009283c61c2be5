from django.urls import path

from . import views, views_failed_tasks, views_holidays, views_notifications

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("bench/baseline/", views.bench_baseline, name="bench-baseline"),
    path("notifikasi/", views_notifications.notification_list, name="notification-list"),
    path("notifikasi/baca/", views_notifications.notification_read, name="notification-read"),
    path("libur/", views_holidays.holiday_list, name="holiday-list"),
    path("libur/baru/", views_holidays.holiday_create, name="holiday-create"),
    path("libur/<int:pk>/ubah/", views_holidays.holiday_update, name="holiday-update"),
    path("libur/<int:pk>/hapus/", views_holidays.holiday_delete, name="holiday-delete"),
    path("tugas-gagal/", views_failed_tasks.failed_task_list, name="failed-task-list"),
]
