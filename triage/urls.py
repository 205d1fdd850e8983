"""Dashboard URLs. Case URLs carry only the case's random UUID; no patient data in any URL."""

from django.urls import path

from triage import views

app_name = "dashboard"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("updates/", views.queue_updates, name="updates"),
    path("search/", views.search, name="search"),
    path("export.csv", views.export_queue, name="export"),
    path("claim-next/", views.claim_next, name="claim_next"),
    path("overview/", views.overview, name="overview"),
    path("clinics/<slug:slug>/settings/", views.clinic_settings, name="clinic_settings"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
    path("cases/<uuid:case_id>/claim/", views.claim_case, name="claim"),
    path("cases/<uuid:case_id>/assign/", views.assign_case, name="assign"),
    path("cases/<uuid:case_id>/status/", views.change_status, name="status"),
    path("cases/<uuid:case_id>/decision/", views.decide, name="decide"),
    path("cases/<uuid:case_id>/notes/", views.add_note, name="note"),
    path("cases/<uuid:case_id>/contacts/", views.log_contact, name="contact"),
    path("cases/<uuid:case_id>/printed/", views.case_printed, name="printed"),
]
