"""The public SKM survey (namespace "survei", no login: apps/core/access.PUBLIC_NAMESPACES)."""

from django.urls import path

from . import views_survey

app_name = "survei"

urlpatterns = [
    path("survei/", views_survey.survey_start, name="survey-start"),
    path("survei/<int:unit_pk>/", views_survey.survey_form, name="survey-form"),
    path("survei/<int:unit_pk>/terima-kasih/", views_survey.survey_thanks, name="survey-thanks"),
]
