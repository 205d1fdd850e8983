"""URL map. Patient pages are under `/` and `/intake/`; everything else needs a login."""

from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", include("intake.urls")),
    path("dashboard/audit/", include("audit.urls")),
    path("dashboard/", include("triage.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
