"""All public feedback URLs; each part keeps its own module and namespace. The public namespaces
are listed in apps/core/access.PUBLIC_NAMESPACES."""

from django.urls import include, path

urlpatterns = [
    path("", include("apps.public_feedback.urls_public")),  # pengaduan: landing, complaints, tracking
    path("", include("apps.public_feedback.urls_survey")),  # survei: the SKM form (public)
    path("", include("apps.public_feedback.urls_forum")),  # forum: public forums and statistics
    path("open311/v2/", include("apps.public_feedback.urls_open311")),  # open311: open data
    path("kelola/pengaduan/", include("apps.public_feedback.urls_staff")),  # kelola_pengaduan (login)
    path("kelola/ikm/", include("apps.public_feedback.urls_ikm")),  # ikm: IKM pages and SKM PDF (login)
    path("kelola/forum/", include("apps.public_feedback.urls_forum_staff")),  # kelola_forum (login)
]
