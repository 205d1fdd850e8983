"""Clinician dashboard pages: the queue, the case page and its review actions, the overview.

Login is required everywhere here (LoginRequiredMiddleware). Every case view finds
its case through `triage.access.get_case_or_404`, so another clinic's case is a 404
for GET and POST alike. Writes go through `triage.services`; a POST that succeeds
redirects back (Post/Redirect/Get), one that fails re-renders the page with the
clinician's input, and a version conflict re-renders it with status 409.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AuditAction, AuditEvent
from audit.services import record
from intake.models import Submission
from triage import services
from triage.access import get_admin_clinic_or_404, get_case_or_404, render_staff, user_clinics
from triage.casefile import case_file
from triage.export import csv_lines
from triage.forms import (
    STATUS_CHOICES,
    STATUS_MOVES,
    AssignForm,
    ClaimForm,
    ClinicTargetsForm,
    ContactForm,
    DecisionForm,
    NoteForm,
    QueueFilterForm,
    SearchForm,
    StatusForm,
    VersionForm,
)
from triage.overview import build_overview
from triage.queue import (
    OPEN_STATUSES,
    Cursor,
    QueuePage,
    build_page,
    counts,
    filtered,
    matching,
    present,
    with_status,
)
from triage.rules import URGENCIES

SEARCH_KEY = "queue_search"


def _filter_form(request: HttpRequest, data: Any = None) -> QueueFilterForm:
    return QueueFilterForm(request.GET if data is None else data, clinics=user_clinics(request))


def _queue_url(filters: dict[str, str], **extra: str) -> str:
    params = {**filters, **extra}
    return reverse("dashboard:queue") + (f"?{urlencode(params)}" if params else "")


def _queue_context(
    request: HttpRequest, form: QueueFilterForm, page: QueuePage, search: str
) -> dict[str, Any]:
    filters = form.query_params()
    query = f"?{urlencode(filters)}" if filters else ""
    now = timezone.now()
    return {
        "page": page,
        "rows": present(page.rows, now),
        "form": form,
        "search": search,
        "filter_params": filters,
        "next_url": _queue_url(filters, after=page.next_cursor) if page.next_cursor else "",
        "previous_url": _queue_url(filters, before=page.previous_cursor) if page.previous_cursor else "",
        "first_url": _queue_url(filters),
        "export_url": reverse("dashboard:export") + query,
        "updates_url": reverse("dashboard:updates") + query,
        "on_first_page": not (request.GET.get("after") or request.GET.get("before")),
        "show_clinic": len(user_clinics(request)) > 1,
        "urgency_urls": {urgency: _queue_url(filters, urgency=urgency) for urgency in URGENCIES},
        "status_caption": dict(STATUS_CHOICES)[form.filters().status],
        "poll_seconds": settings.DASHBOARD_POLL_SECONDS,
    }


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The queue; with the header X-Queue-Partial the list alone, for the page's live refresh."""
    form = _filter_form(request)
    search = request.session.get(SEARCH_KEY, "")
    page = build_page(
        request.user,
        form.filters(),
        [clinic.pk for clinic in user_clinics(request)],
        search=search,
        after=Cursor.decode(request.GET.get("after", "")),
        before=Cursor.decode(request.GET.get("before", "")),
    )
    partial = request.headers.get("X-Queue-Partial") == "1"
    template = "triage/_queue_results.html" if partial else "triage/queue.html"
    return render_staff(request, template, _queue_context(request, form, page, search))


@require_GET
def queue_updates(request: HttpRequest) -> JsonResponse:
    """Counts and the arrival time of the newest new case, for the page's live refresh."""
    form = _filter_form(request)
    filters = form.filters()
    clinic_ids = [clinic.pk for clinic in user_clinics(request)]
    search = request.session.get(SEARCH_KEY, "")
    cases = with_status(filtered(request.user, filters, search, clinic_ids), filters)
    return JsonResponse(counts(cases))


@require_POST
def search(request: HttpRequest) -> HttpResponse:
    """Keep the search term in the session, so no name ever appears in a URL."""
    form = SearchForm(request.POST)
    if "clear" in request.POST or (form.is_valid() and not form.cleaned_data["q"]):
        request.session.pop(SEARCH_KEY, None)
    elif form.is_valid():
        request.session[SEARCH_KEY] = form.cleaned_data["q"]
    else:
        messages.error(request, " ".join(str(error) for error in form.errors["q"]))
    return redirect(_queue_url(_filter_form(request, request.POST).query_params()))


@require_GET
def export_queue(request: HttpRequest) -> StreamingHttpResponse:
    """The queue as filtered (all pages) as CSV; audited for each clinic it covers."""
    form = _filter_form(request)
    filters = form.filters()
    search_term = request.session.get(SEARCH_KEY, "")
    clinics = [c for c in user_clinics(request) if filters.clinic_id in (None, c.pk)]
    for clinic in clinics:
        record(
            AuditAction.QUEUE_EXPORTED, request=request, clinic=clinic,
            format="csv", filters=form.query_params(), search=bool(search_term),
        )  # fmt: skip
    cases = matching(request.user, filters, search_term, [clinic.pk for clinic in clinics])
    response = StreamingHttpResponse(csv_lines(cases), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="queue-{timezone.now():%Y%m%d-%H%M}.csv"'
    return response


@require_POST
def claim_next(request: HttpRequest) -> HttpResponse:
    case = services.claim_next(request.user, request=request)
    if case is None:
        messages.info(request, "There is no unclaimed new case in your clinics.")
        return redirect("dashboard:queue")
    messages.success(request, f"Case {case.reference} is now yours.")
    return redirect("dashboard:case", case_id=case.pk)


# --- the case page ---


def _case_forms(case: Submission, bound: dict[str, Form]) -> dict[str, Any]:
    initial = {"version": case.version}
    forms = {
        "claim_form": ClaimForm(initial=initial, case=case),
        "assign_form": AssignForm(initial={**initial, "assignee": case.assignee_id}, case=case),
        "decision_form": DecisionForm(initial=initial, case=case),
        "note_form": NoteForm(),
        "contact_form": ContactForm(),
    }
    forms.update(bound)
    return forms


def _last_change(case: Submission) -> AuditEvent | None:
    changes = AuditEvent.objects.filter(submission=case, action=AuditAction.CASE_CHANGED)
    return changes.order_by("-at", "-id").first()


def _case_page(
    request: HttpRequest, case: Submission, bound: dict[str, Form] | None = None, status: int = 200
) -> HttpResponse:
    record(AuditAction.CASE_VIEWED, request=request, submission=case)
    context = {
        "case": case,
        "file": case_file(case),
        "status_moves": STATUS_MOVES[case.status],
        "overdue": case.status in OPEN_STATUSES and case.review_due_at < timezone.now(),
        "notifications": list(case.notifications.order_by("created_at")),
        "decisions": list(case.decisions.select_related("reviewer")),
        "notes": list(case.notes.select_related("author")),
        "contacts": list(case.contacts.select_related("author")),
        "conflict": _last_change(case) if status == 409 else None,
        **_case_forms(case, bound or {}),
    }
    return render_staff(request, "triage/case.html", context, status=status)


@require_GET
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _case_page(request, get_case_or_404(request, case_id))


Action = Callable[[Submission, Any, dict[str, Any], HttpRequest], object]


def _act(
    request: HttpRequest, case_id: UUID, name: str, form_class: type[VersionForm], action: Action, done: str
) -> HttpResponse:
    """Run a versioned review action: redirect on success, re-show the clinician's input otherwise."""
    case = get_case_or_404(request, case_id)
    form = form_class(request.POST, case=case)
    if not form.is_valid():
        return _case_page(request, case, {name: form}, status=400)
    try:
        action(case, request.user, form.cleaned_data, request)
    except services.Conflict:
        case = get_case_or_404(request, case_id)
        data = request.POST.copy()
        data["version"] = str(case.version)  # saving again, after reading the change, is deliberate
        return _case_page(request, case, {name: form_class(data, case=case)}, status=409)
    messages.success(request, done)
    return redirect("dashboard:case", case_id=case.pk)


@require_POST
def claim_case(request: HttpRequest, case_id: UUID) -> HttpResponse:
    def action(case: Submission, user: Any, data: dict[str, Any], request: HttpRequest) -> None:
        services.claim(case, user, data["version"], request)

    return _act(request, case_id, "claim_form", ClaimForm, action, "Case claimed.")


@require_POST
def assign_case(request: HttpRequest, case_id: UUID) -> HttpResponse:
    def action(case: Submission, user: Any, data: dict[str, Any], request: HttpRequest) -> None:
        services.assign(case, user, data["version"], data["assignee"], request)

    return _act(request, case_id, "assign_form", AssignForm, action, "Assignment saved.")


@require_POST
def change_status(request: HttpRequest, case_id: UUID) -> HttpResponse:
    def action(case: Submission, user: Any, data: dict[str, Any], request: HttpRequest) -> None:
        services.change_status(case, user, data["version"], data["status"], request)

    return _act(request, case_id, "status_form", StatusForm, action, "Status changed.")


@require_POST
def decide(request: HttpRequest, case_id: UUID) -> HttpResponse:
    def action(case: Submission, user: Any, data: dict[str, Any], request: HttpRequest) -> None:
        services.record_decision(case, user, data["version"], DecisionForm.to_decision(case, data), request)

    return _act(request, case_id, "decision_form", DecisionForm, action, "Decision saved.")


@require_POST
def add_note(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = get_case_or_404(request, case_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"note_form": form}, status=400)
    services.add_note(case, request.user, form.cleaned_data["text"], request)
    messages.success(request, "Note added.")
    return redirect("dashboard:case", case_id=case.pk)


@require_POST
def log_contact(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = get_case_or_404(request, case_id)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"contact_form": form}, status=400)
    data = form.cleaned_data
    services.log_contact(case, request.user, data["method"], data["result"], data["text"], request)
    messages.success(request, "Contact logged.")
    return redirect("dashboard:case", case_id=case.pk)


@require_POST
def case_printed(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The page's script reports a print of the case (an export on paper)."""
    case = get_case_or_404(request, case_id)
    record(AuditAction.CASE_EXPORTED, request=request, submission=case, format="print")
    return HttpResponse(status=204)


# --- clinic pages ---


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    clinics = user_clinics(request)
    wanted = [c for c in clinics if c.slug == request.GET.get("clinic")] or clinics
    chosen = wanted[0] if wanted else None
    context = {"overview": build_overview(chosen) if chosen else None, "clinics": clinics}
    return render_staff(request, "triage/overview.html", context)


@require_http_methods(["GET", "POST"])
def clinic_settings(request: HttpRequest, slug: str) -> HttpResponse:
    clinic = get_admin_clinic_or_404(request, slug)
    form = ClinicTargetsForm(request.POST or None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        redated = services.update_review_targets(clinic, request.user, form.cleaned_data, request)
        messages.success(request, f"Review targets saved; {redated} open cases have new due times.")
        return redirect("dashboard:clinic_settings", slug=clinic.slug)
    context = {"clinic": clinic, "form": form}
    return render_staff(request, "triage/clinic_settings.html", context, status=400 if form.errors else 200)
