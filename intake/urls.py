"""Patient URLs. Every intake page sits under its clinic: /intake/<clinic-slug>/...

Fixed page names come before the step pattern, so they are not taken for steps.
"""

from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("intake/<slug:clinic_slug>/", views.start, name="clinic_start"),
    path("intake/<slug:clinic_slug>/begin/", views.begin, name="begin"),
    path("intake/<slug:clinic_slug>/language/", views.language, name="language"),
    path("intake/<slug:clinic_slug>/emergency/", views.emergency, name="emergency"),
    path("intake/<slug:clinic_slug>/review/", views.review, name="review"),
    path("intake/<slug:clinic_slug>/submit/", views.submit, name="submit"),
    path("intake/<slug:clinic_slug>/receipt/", views.receipt, name="receipt"),
    path("intake/<slug:clinic_slug>/saved/", views.saved, name="saved"),
    path("intake/<slug:clinic_slug>/saved/new-link/", views.new_link, name="new_link"),
    path("intake/<slug:clinic_slug>/resume/<str:token>/", views.resume, name="resume"),
    path("intake/<slug:clinic_slug>/link-expired/", views.link_expired, name="link_expired"),
    path("intake/<slug:clinic_slug>/<slug:step>/", views.step, name="step"),
]
