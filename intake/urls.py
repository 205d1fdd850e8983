from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("intake/<slug:clinic_slug>/", views.start, name="clinic_start"),
]
