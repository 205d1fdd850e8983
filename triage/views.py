"""Clinician dashboard: the queue and the case page. Login required (middleware)."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from intake.models import Submission


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    cases = Submission.objects.for_user(request.user).order_by("urgency_rank", "received_at")[:50]
    return render(request, "triage/queue.html", {"cases": cases})


@require_GET
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = get_object_or_404(Submission.objects.for_user(request.user), pk=case_id)
    return render(request, "triage/case.html", {"case": case})
