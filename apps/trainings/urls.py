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

# The training calendar and the admin's JP coverage (views_calendar.py, views_coverage.py).
from . import views_calendar, views_coverage  # noqa: E402

urlpatterns += [
    path("pelatihan/kalender/", views_calendar.calendar_month, name="calendar"),
    path("pelatihan/kalender.ics", views_calendar.calendar_feed, name="calendar-feed"),
    path("jp/cakupan/", views_coverage.coverage, name="coverage"),
    path("jp/cakupan/unduh/", views_coverage.coverage_export, name="coverage-export"),
    path("jp/cakupan/pppk/", views_coverage.pppk_over_ceiling, name="coverage-pppk"),
]

# Feedback, external learning and mentoring (views_learning.py, views_mentoring.py).
from . import views_learning, views_mentoring  # noqa: E402

urlpatterns += [
    path("pelatihan/program/<int:pk>/", views_learning.program_detail, name="program-detail"),
    path("pelatihan/pendaftaran/<int:pk>/umpan-balik/", views_learning.feedback_form, name="feedback-form"),
    path("pembelajaran/", views_learning.external_list, name="external-list"),
    path("pembelajaran/baru/", views_learning.external_create, name="external-create"),
    path("pembelajaran/verifikasi/", views_learning.external_queue, name="external-queue"),
    path("pembelajaran/<int:pk>/", views_learning.external_detail, name="external-detail"),
    path("pembelajaran/<int:pk>/sertifikat/", views_learning.external_certificate, name="external-certificate"),
    path("pembelajaran/<int:pk>/verifikasi/", views_learning.external_verify, name="external-verify"),
    path("pembelajaran/<int:pk>/tolak/", views_learning.external_reject, name="external-reject"),
    path("mentoring/", views_mentoring.mentoring_list, name="mentoring-list"),
    path("mentoring/baru/", views_mentoring.mentoring_create, name="mentoring-create"),
    path("mentoring/pasangan/", views_mentoring.mentoring_pairings, name="mentoring-pairings"),
    path("mentoring/persetujuan/", views_mentoring.mentoring_approvals, name="mentoring-approvals"),
    path("mentoring/<int:pk>/", views_mentoring.mentoring_detail, name="mentoring-detail"),
    path("mentoring/<int:pk>/sesi/", views_mentoring.mentoring_session_log, name="mentoring-session-log"),
    path(
        "mentoring/sesi/<int:pk>/setujui/", views_mentoring.mentoring_session_approve, name="mentoring-session-approve"
    ),
]

# Recommendations, impact and the training needs analysis (views_development.py).
from . import views_development  # noqa: E402

urlpatterns += [
    path("pelatihan/rekomendasi/", views_development.recommendation_list, name="recommendation-list"),
    path("pelatihan/rekomendasi/tim/", views_development.recommendation_team, name="recommendation-team"),
    path(
        "pelatihan/rekomendasi/tim/usulkan/",
        views_development.recommendation_nominate,
        name="recommendation-nominate",
    ),
    path("pelatihan/dampak/", views_development.impact_list, name="impact-list"),
    path("pelatihan/dampak/<int:program_pk>/", views_development.impact_detail, name="impact-detail"),
    path("pelatihan/kebutuhan/", views_development.needs_survey, name="needs-survey"),
    path("pelatihan/kebutuhan/usul/", views_development.needs_propose, name="needs-propose"),
    path("pelatihan/kebutuhan/<int:pk>/hapus/", views_development.needs_withdraw, name="needs-withdraw"),
    path("pelatihan/analisis-kebutuhan/", views_development.needs_analysis, name="needs-analysis"),
    path("pelatihan/analisis-kebutuhan/survei/", views_development.needs_survey_open, name="needs-survey-open"),
    path("pelatihan/analisis-kebutuhan/program/", views_development.needs_program_create, name="needs-program-create"),
]

# Certificates of completed trainings (certificates/views.py); their public check is /verifikasi/<code>/.
from .certificates import views as views_certificates  # noqa: E402

urlpatterns += [
    path("pelatihan/sertifikat/<int:pk>/unduh/", views_certificates.certificate_download, name="certificate-download"),
]
