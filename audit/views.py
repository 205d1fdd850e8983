"""The audit report for clinic admins: their clinics' events, filtered and sorted (ONC d.3).

Read-only: nothing in the app edits or deletes an audit event. A user who is not a
clinic admin is refused (403) and the refusal is itself audited.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from audit.forms import DEFAULT_SORT, PAGE_SIZE, SORTS, AuditFilterForm
from audit.models import AuditEvent
from triage.access import admin_clinics, deny, render_staff
from triage.queue import start_of_day


def filtered_events(form: AuditFilterForm) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(clinic__in=form.chosen_clinics())
    if form.value("date_from"):
        events = events.filter(at__gte=start_of_day(form.value("date_from")))
    if form.value("date_to"):
        events = events.filter(at__lt=start_of_day(form.value("date_to") + dt.timedelta(days=1)))
    if form.value("user"):
        events = events.filter(actor_username=form.value("user"))
    if form.value("action"):
        events = events.filter(action=form.value("action"))
    if form.value("case"):
        events = events.filter(submission__reference=form.value("case"))
    return events.select_related("submission").order_by(*SORTS[form.value("sort", DEFAULT_SORT)])


def _params(form: AuditFilterForm, **changes: object) -> str:
    form.is_valid()
    values = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v not in (None, "")}
    values.update(changes)
    return urlencode({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items() if v})


COLUMNS = (("at", "Time (UTC)"), ("user", "User"), ("action", "Action"), ("case", "Case"), ("ip", "Address"))


def columns(form: AuditFilterForm, sort: str) -> list[dict[str, str]]:
    """Each sortable column's heading, the link that sorts by it, and its current aria-sort."""
    result = []
    for key, title in COLUMNS:
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        target = f"-{key}" if state == "ascending" else key
        result.append({"title": title, "url": "?" + _params(form, sort=target, page=None), "sort": state})
    return result


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    clinics = admin_clinics(request)
    if not clinics:
        deny(request, page="audit_log")
        raise PermissionDenied("Clinic admins only.")
    form = AuditFilterForm(request.GET, clinics=clinics)
    page = form.value("page", 1)
    rows = list(filtered_events(form)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    sort = form.value("sort", DEFAULT_SORT)
    context = {
        "form": form,
        "events": rows[:PAGE_SIZE],
        "sort": sort,
        "columns": columns(form, sort),
        "next_url": "?" + _params(form, page=page + 1) if len(rows) > PAGE_SIZE else "",
        "previous_url": "?" + _params(form, page=page - 1) if page > 1 else "",
        "page_number": page,
    }
    return render_staff(request, "audit/log.html", context)
