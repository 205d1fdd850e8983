"""Test-only URLconf: the app's URLs plus views that fail or are rate limited on purpose."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns
from intake.ratelimit import rate_limited_response


@login_not_required
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("internal detail: Pat Example, password=hunter2")


@login_not_required
def limited(request: HttpRequest) -> HttpResponse:
    return rate_limited_response(request)


urlpatterns = [
    *app_urlpatterns,
    path("test-only/boom/", boom),
    path("test-only/limited/", limited),
]
handler500 = "config.views.server_error"
