"""Patient intake pages. Public: every view here is marked `login_not_required`."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from intake.models import Clinic


@login_not_required
@require_GET
def start(request: HttpRequest, clinic_slug: str | None = None) -> HttpResponse:
    clinic = get_object_or_404(Clinic, slug=clinic_slug or settings.DEFAULT_CLINIC_SLUG)
    return render(request, "intake/start.html", {"clinic": clinic})
