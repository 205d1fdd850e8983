from django.urls import path

from triage import views

app_name = "dashboard"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
]
