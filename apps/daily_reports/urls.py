from django.urls import path

import apps.core.converters  # noqa: F401  (registers <isodate:...>)

from . import views_calendar as calendars
from . import views_filing as filing
from . import views_review as review

app_name = "daily_reports"
urlpatterns = [
    path("laporan/", filing.report_today, name="report-today"),
    path("laporan/hari/<isodate:day>/", filing.report_day, name="report-day"),
    path("laporan/hari/<isodate:day>/kegiatan/", filing.activity_create, name="activity-create"),
    path("laporan/hari/<isodate:day>/draf/", filing.activity_autosave, name="activity-autosave"),
    path("laporan/hari/<isodate:day>/salin/", filing.copy_previous, name="copy-previous"),
    path("laporan/hari/<isodate:day>/rutin/<int:pk>/", filing.routine_add, name="routine-add"),
    path("laporan/hari/<isodate:day>/ajukan/", filing.report_submit, name="report-submit"),
    path("laporan/kegiatan/<int:pk>/ubah/", filing.activity_update, name="activity-update"),
    path("laporan/kegiatan/<int:pk>/hapus/", filing.activity_delete, name="activity-delete"),
    path("laporan/kegiatan/<int:pk>/bukti/", filing.evidence_upload, name="evidence-upload"),
    path("laporan/kegiatan/<int:pk>/rutin/", filing.routine_save, name="routine-save"),
    path("laporan/bukti/<int:pk>/", filing.evidence_download, name="evidence-download"),
    path("laporan/bukti/<int:pk>/hapus/", filing.evidence_delete, name="evidence-delete"),
    path("laporan/rutin/<int:pk>/hapus/", filing.routine_delete, name="routine-delete"),
    # the reviewer
    path("laporan/tinjau/", review.review_queue, name="review-queue"),
    path("laporan/tinjau/setujui/", review.review_approve_many, name="review-approve-many"),
    path("laporan/<int:pk>/", review.report_review, name="report-review"),
    path("laporan/<int:pk>/setujui/", review.report_approve, name="report-approve"),
    path("laporan/<int:pk>/kembalikan/", review.report_return, name="report-return"),
    path("laporan/<int:pk>/batalkan/", review.report_reopen, name="report-reopen"),
    path("laporan/pengaturan/", review.report_settings, name="settings"),
    path("laporan/kalender/", calendars.calendar_month, name="calendar-month"),
    path("laporan/kalender-tim/", calendars.calendar_team, name="calendar-team"),
]
