"""URL patterns of the interop app, mounted from config/urls.py under three prefixes.

`fhir/` (public resources), `api/v1/` (bearer-key API) and `dashboard/api-keys/`
(clinic admin pages); the case bundle `dashboard/cases/<uuid>/fhir/` is mounted
there directly, before the dashboard's own patterns.
"""

from django.urls import path

from interop import api, views

fhir_patterns = [
    path("Questionnaire/lbp-intake", views.questionnaire_resource, name="questionnaire"),
    path("CodeSystem/<slug:system_id>", views.code_system, name="code_system"),
]

api_patterns = [
    path("intakes", api.intakes, name="intakes"),
    path("intakes/<str:submission_id>", api.intake, name="intake"),
    path("schema", api.schema, name="schema"),
]

api_key_patterns = [
    path("", views.api_keys, name="list"),
    path("<uuid:key_id>/revoke/", views.revoke_api_key, name="revoke"),
]
