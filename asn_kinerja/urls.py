from allauth.account.decorators import secure_admin_login
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.accounts import api as accounts_api
from apps.daily_reports import api as reports_api
from apps.employees import api as employees_api
from apps.evaluations import api as evaluations_api
from apps.evaluations.reports import api as documents_api
from apps.indicators import api as indicators_api
from apps.public_feedback import api_public as complaints_public_api
from apps.public_feedback import api_survey as survey_api
from apps.trainings import api as trainings_api

# The Django admin signs in through allauth, so the same login, rate limits and MFA apply.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "SIKAP ASN"
admin.site.site_title = "SIKAP ASN"

# Swagger UI sets inline styles on its own elements; only this page relaxes style-src for that.
# Scripts stay same-origin (the split view serves its init script as a file).
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

api_v1 = [
    path("me/", accounts_api.me, name="me"),
    path("employees/", employees_api.EmployeeList.as_view(), name="employee-list"),
    path("employees/<str:nip>/", employees_api.EmployeeDetail.as_view(), name="employee-detail"),
    path("org-units/", employees_api.OrgUnitList.as_view(), name="orgunit-list"),
    path("skp/", indicators_api.SkpList.as_view(), name="skp-list"),
    path("skp/<int:pk>/", indicators_api.SkpDetail.as_view(), name="skp-detail"),
    path("daily-reports/", reports_api.DailyReportList.as_view(), name="daily-report-list"),
    path("daily-reports/<int:pk>/", reports_api.DailyReportDetail.as_view(), name="daily-report-detail"),
    path("daily-reports/<int:pk>/submit/", reports_api.DailyReportSubmit.as_view(), name="daily-report-submit"),
    path("daily-reports/<int:pk>/approve/", reports_api.DailyReportApprove.as_view(), name="daily-report-approve"),
    path("daily-reports/<int:pk>/return/", reports_api.DailyReportReturn.as_view(), name="daily-report-return"),
    path(
        "daily-reports/activities/<int:activity_id>/evidence/",
        reports_api.ActivityEvidenceUpload.as_view(),
        name="daily-report-evidence-upload",
    ),
    path("evaluations/", evaluations_api.EvaluationList.as_view(), name="evaluation-list"),
    path("evaluations/<int:pk>/", evaluations_api.EvaluationDetail.as_view(), name="evaluation-detail"),
    path("reports/", documents_api.ReportList.as_view(), name="report-list"),
    path("reports/<int:pk>/download/", documents_api.ReportDownload.as_view(), name="report-download"),
    path("trainings/programs/", trainings_api.ProgramList.as_view(), name="training-program-list"),
    path("trainings/sessions/", trainings_api.SessionList.as_view(), name="training-session-list"),
    path("trainings/sessions/<int:pk>/enroll/", trainings_api.SessionEnroll.as_view(), name="training-session-enroll"),
    path("trainings/sessions/<int:pk>/cancel/", trainings_api.SessionCancel.as_view(), name="training-session-cancel"),
    path("jp/", trainings_api.JpLedger.as_view(), name="jp-ledger"),
    path("public/complaints/", complaints_public_api.PublicComplaintCreate.as_view(), name="public-complaint-create"),
    path(
        "public/complaints/<str:code>/",
        complaints_public_api.PublicComplaintDetail.as_view(),
        name="public-complaint-detail",
    ),
    path("public/surveys/", survey_api.PublicSurveyCreate.as_view(), name="public-survey-create"),
]

urlpatterns = [
    # The API first: Django tries the patterns in order, and the apps' pages (about 190 of them,
    # mounted at "") come before it otherwise: 0.7 ms of every API request (bench/README.md).
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("", include("apps.dashboards.urls")),
    path("pengumuman/", include("apps.dashboards.urls_announcements")),
    path("", include("apps.core.urls")),
    path("", include("apps.employees.urls")),
    path("", include("apps.indicators.urls")),
    path("", include("apps.daily_reports.urls")),
    path("", include("apps.evaluations.urls")),
    path("", include("apps.evaluations.reports.urls")),
    path("", include("apps.trainings.urls")),
    # citizens' site (public) and the back office of complaints, surveys and forums
    path("", include("apps.public_feedback.urls")),
    path("captcha/", include("captcha.urls")),
    path("accounts/", include("allauth.urls")),
    path("akun/", include("apps.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "apps.core.errors.bad_request"
handler403 = "apps.core.errors.permission_denied"
handler404 = "apps.core.errors.page_not_found"
handler500 = "apps.core.errors.server_error"
