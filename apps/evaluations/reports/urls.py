from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    # public: a printed document's code
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    # one evaluation's PDF on demand, and downloads (scoped)
    path("laporan-kinerja/evaluasi/<int:pk>/", views.evaluation_pdf, name="evaluation-pdf"),
    path("laporan-kinerja/evaluasi/<int:pk>/buat/", views.request_create, name="request-create"),
    path("laporan-kinerja/permintaan/<int:pk>/", views.request_status, name="request-status"),
    path("laporan-kinerja/dokumen/<int:pk>/unduh/", views.report_download, name="report-download"),
    # BKPSDM: batches; BKPSDM and leaders: the documents of a period
    path("laporan-kinerja/batch/", views.batch_list, name="batch-list"),
    path("laporan-kinerja/batch/mulai/", views.batch_start, name="batch-start"),
    path("laporan-kinerja/batch/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("laporan-kinerja/unduhan/", views.downloads, name="downloads"),
    path("laporan-kinerja/unduhan/xlsx/", views.downloads_export, name="downloads-export"),
]
