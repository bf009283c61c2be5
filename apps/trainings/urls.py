from django.urls import path

from . import views

app_name = "trainings"
urlpatterns = [
    path("pelatihan/", views.catalogue_list, name="catalogue"),
    path("pelatihan/sesi/<int:pk>/", views.session_detail, name="session-detail"),
    path("pelatihan/sesi/<int:pk>/daftar/", views.session_enroll, name="session-enroll"),
    path("pelatihan/sesi/<int:pk>/presensi/", views.session_checkin, name="session-checkin"),
    path("pelatihan/sesi/<int:pk>/kehadiran/", views.attendance_save, name="attendance-save"),
    path("pelatihan/sesi/<int:pk>/kode/", views.session_code, name="session-code"),
    path("pelatihan/sesi/<int:pk>/selesai/", views.session_complete, name="session-complete"),
    path("pelatihan/program/<int:program_pk>/sesi-baru/", views.session_create, name="session-create"),
    path("pelatihan/pendaftaran/<int:pk>/batal/", views.enrollment_cancel, name="enrollment-cancel"),
    path("jp/", views.my_jp, name="my-jp"),
    path("jp/tim/", views.team_jp, name="team-jp"),
]
