"""URL map. Patient pages are under `/` and `/intake/`; everything else needs a login.

Exceptions: `/fhir/` (public descriptions of the intake) and `/api/v1/` (clinic API keys).
"""

from django.contrib import admin
from django.urls import include, path

from config import views
from interop import urls as interop_urls
from interop import views as interop_views

urlpatterns = [
    path("", include("intake.urls")),
    # Interop and audit pages under /dashboard/ come first so the dashboard's patterns stay its own.
    path("dashboard/cases/<uuid:case_id>/fhir/", interop_views.case_bundle, name="case_fhir"),
    path("dashboard/api-keys/", include((interop_urls.api_key_patterns, "api_keys"))),
    path("dashboard/audit/", include("audit.urls")),
    path("dashboard/", include("triage.urls")),
    path("fhir/", include((interop_urls.fhir_patterns, "fhir"))),
    path("api/v1/", include((interop_urls.api_patterns, "api"))),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

handler500 = "config.views.server_error"
