from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile_detail, name="profile-detail"),
    path("token/baru/", views.api_token_create, name="api-token-create"),
    path("token/<int:pk>/cabut/", views.api_token_revoke, name="api-token-revoke"),
]
