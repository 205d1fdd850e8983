"""Patient intake pages. Public: every view here is marked `login_not_required`.

The flow: start page -> six steps (one form each, saved in the draft after every
step) -> review -> submit (POST, idempotent, 303) -> receipt. Between steps, an
emergency interrupt shows the emergency message as soon as the answers call for it.
The browser holds its draft through the signed intake cookie (intake/browser.py); the
session holds only the submission id for the receipt and one-shot notes (the resume
link to show, where to go after the emergency message). No patient data and no ids
appear in URLs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from intake import browser, drafts
from intake.forms import FORMS, IntakeForm
from intake.models import Clinic, Draft, Submission
from intake.questions import STEP_TITLES
from intake.ratelimit import check_intake_rate, rate_limited_response
from intake.review import review_groups
from intake.services import (
    draft_triage,
    emergency_advice_due,
    record_emergency_advice_shown,
    submit_draft,
)
from triage.patient_messages import patient_message

SESSION_RECEIPT = "intake_receipt"
SESSION_TOKEN = "intake_resume_token"  # noqa: S105 (a session key name) shown once on "saved", then dropped
SESSION_AFTER_EMERGENCY = "intake_after_emergency"

View = Callable[..., HttpResponse]


def see_other(url: str) -> HttpResponseRedirect:
    """Post/Redirect/Get: a 303 makes the browser GET the next page."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def step_url(clinic: Clinic, step: str) -> str:
    if step == drafts.REVIEW:
        return reverse("intake:review", args=[clinic.slug])
    return reverse("intake:step", args=[clinic.slug, step])


def patient_view(view: View) -> View:
    """Resolve the clinic from the URL (or the default one); an unknown clinic gets a friendly 404."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, clinic_slug: str | None = None, **kwargs: Any) -> HttpResponse:
        clinic = Clinic.objects.by_slug(clinic_slug or settings.DEFAULT_CLINIC_SLUG)
        if clinic is None:
            return render(request, "intake/unknown_clinic.html", status=404)
        return view(request, clinic, **kwargs)

    return login_not_required(wrapper)


def note_in_session(request: HttpRequest, key: str, value: str) -> None:
    """Keep a note for the next page under a new session id, so a planted session id learns nothing."""
    request.session.cycle_key()
    request.session[key] = value


def current_draft(request: HttpRequest, clinic: Clinic) -> Draft | None:
    """The live draft this browser's intake cookie opens at this clinic, if any."""
    cookie = browser.read(request)
    return drafts.draft_for_token(cookie.token, clinic) if cookie else None


def draft_required(view: View) -> View:
    """Pass this browser's live draft (else go back to the start page); keep its cookie current."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, clinic: Clinic, **kwargs: Any) -> HttpResponse:
        cookie = browser.read(request)
        draft = drafts.draft_for_token(cookie.token, clinic) if cookie else None
        if cookie is None or draft is None:
            return see_other(reverse("intake:clinic_start", args=[clinic.slug]))
        response = view(request, clinic, draft, **kwargs)
        browser.write(response, cookie.with_answered(drafts.answered_steps(draft)), before=cookie)
        return response

    return wrapper


@patient_view
@require_GET
def start(request: HttpRequest, clinic: Clinic) -> HttpResponse:
    draft = current_draft(request, clinic)
    resume_step = (drafts.first_incomplete(draft) or drafts.REVIEW) if draft else None
    context = {"clinic": clinic, "resume_url": step_url(clinic, resume_step) if resume_step else None}
    return render(request, "intake/start.html", context)


@patient_view
@require_POST
def begin(request: HttpRequest, clinic: Clinic) -> HttpResponse:
    if (earlier := browser.read(request)) is not None:
        drafts.discard(earlier.token)  # one intake per browser: starting again drops the old one
    _draft, token = drafts.start_draft(clinic, translation.get_language() or settings.LANGUAGE_CODE)
    response = see_other(step_url(clinic, drafts.STEPS[0]))
    browser.write(response, browser.new(token, answered=()))
    return response


@login_not_required
@require_POST
def language(request: HttpRequest, clinic_slug: str) -> HttpResponse:
    """Switch the page language (Django's `set_language`); a draft not yet past step 1 follows it."""
    response = set_language(request)
    chosen = request.POST.get("language", "")
    clinic = Clinic.objects.filter(slug=clinic_slug).first()
    draft = current_draft(request, clinic) if clinic else None
    if draft is not None and chosen in dict(settings.LANGUAGES) and "about" not in draft.answers:
        draft.language = chosen
        draft.save(update_fields=["language", "updated_at"])
    return response


@patient_view
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, clinic: Clinic, step: str) -> HttpResponse:
    form_class = FORMS.get(step)
    if form_class is None:
        return render(request, "intake/unknown_clinic.html", {"clinic": clinic}, status=404)
    cookie = browser.read(request)
    if request.method == "GET" and cookie is not None and step not in cookie.answered:
        # Nothing of this patient's is on a step not yet answered: it is the same page
        # for everyone, served without reading the draft (the draft is read on POST).
        form = form_class(initial=drafts.blank_initial(step))
        response = render(request, "intake/step.html", step_context(clinic, step, form))
        browser.write(response, cookie, before=cookie)
        return response
    return step_with_answers(request, clinic, step=step)


@draft_required
def step_with_answers(request: HttpRequest, clinic: Clinic, draft: Draft, step: str) -> HttpResponse:
    """A step shown with what the patient saved or typed there, or the step's form sent."""
    form_class = FORMS[step]
    if request.method == "POST":
        form = form_class(request.POST)
        if (response := leave_step(request, clinic, draft, form)) is not None:
            return response
    else:
        form = form_class(initial=drafts.form_initial(draft, step))
    return render(request, "intake/step.html", step_context(clinic, step, form))


def leave_step(request: HttpRequest, clinic: Clinic, draft: Draft, form: IntakeForm) -> HttpResponse | None:
    """Save the step and move on; None when Next found errors (the page is shown again)."""
    action = request.POST.get("action", "next")
    if form.is_valid():
        drafts.save_step(draft, form.step, form.answers(), form.today)
    elif action in ("back", "save"):
        drafts.save_raw(draft, form.step, form.raw_answers())
    else:
        return None
    destination = destination_after(request, clinic, draft, form.step, action)
    if form.is_valid() and emergency_advice_due(draft):
        note_in_session(request, SESSION_AFTER_EMERGENCY, destination)
        return see_other(reverse("intake:emergency", args=[clinic.slug]))
    return see_other(destination)


def destination_after(request: HttpRequest, clinic: Clinic, draft: Draft, step: str, action: str) -> str:
    if action == "save":
        note_in_session(request, SESSION_TOKEN, drafts.issue_resume_token(draft))
        return reverse("intake:saved", args=[clinic.slug])
    if action == "back":
        previous = drafts.previous_step(step)
        return step_url(clinic, previous) if previous else reverse("intake:clinic_start", args=[clinic.slug])
    if request.GET.get("return") == "review":
        return step_url(clinic, drafts.REVIEW)
    return step_url(clinic, drafts.next_step(step))


def step_context(clinic: Clinic, step: str, form: IntakeForm) -> dict[str, Any]:
    return {
        "clinic": clinic,
        "form": form,
        "title": STEP_TITLES[step],
        "number": drafts.step_number(step),
        "total": drafts.STEP_COUNT,
    }


@patient_view
@draft_required
@require_GET
def emergency(request: HttpRequest, clinic: Clinic, draft: Draft) -> HttpResponse:
    """The emergency message, shown before the rest of the form; the patient may go on after it."""
    destination = request.session.get(SESSION_AFTER_EMERGENCY) or step_url(clinic, drafts.STEPS[0])
    case, outcome = draft_triage(draft)
    key = outcome.result["patient_message"]
    if not key.startswith("emergency_"):
        return see_other(destination)
    record_emergency_advice_shown(draft, key, request)
    message = patient_message(key, case, outcome.result["flags"], clinic.emergency_number)
    context = {"clinic": clinic, "message": message, "continue_url": destination}
    return render(request, "intake/emergency.html", context)


@patient_view
@draft_required
@require_GET
def review(request: HttpRequest, clinic: Clinic, draft: Draft) -> HttpResponse:
    missing = drafts.first_incomplete(draft)
    if missing is not None:
        return see_other(step_url(clinic, missing))
    context = {
        "clinic": clinic,
        "groups": review_groups(draft, clinic),
        "idempotency_key": draft.idempotency_key,
        "number": drafts.STEP_COUNT,
        "total": drafts.STEP_COUNT,
    }
    return render(request, "intake/review.html", context)


@patient_view
@require_POST
def submit(request: HttpRequest, clinic: Clinic) -> HttpResponse:
    """The final POST: exactly one submission per intake, then Post/Redirect/Get to the receipt."""
    key = request.POST.get("idempotency_key", "")
    known_key = re.fullmatch(r"[A-Za-z0-9_-]{1,64}", key) is not None
    submission = Submission.objects.filter(clinic=clinic, idempotency_key=key).first() if known_key else None
    if submission is None:
        draft = current_draft(request, clinic)
        if draft is None:
            return see_other(reverse("intake:clinic_start", args=[clinic.slug]))
        missing = drafts.first_incomplete(draft)
        if missing is not None:
            return see_other(step_url(clinic, missing))
        if not check_intake_rate(request):  # the draft stays: nothing typed is lost
            return rate_limited_response(request, clinic)
        submission = submit_draft(draft, request)
    note_in_session(request, SESSION_RECEIPT, str(submission.pk))
    response = see_other(reverse("intake:receipt", args=[clinic.slug]))
    browser.forget(response)
    return response


@patient_view
@require_GET
def receipt(request: HttpRequest, clinic: Clinic) -> HttpResponse:
    """The receipt of this browser's submission: reference, what to do next, the safety net."""
    submission_id = request.session.get(SESSION_RECEIPT)
    submission = Submission.objects.filter(pk=submission_id, clinic=clinic).first() if submission_id else None
    if submission is None:
        return see_other(reverse("intake:clinic_start", args=[clinic.slug]))
    result = submission.result
    message = patient_message(
        result["patient_message"], submission.case, result["flags"], clinic.emergency_number
    )
    context = {
        "clinic": clinic,
        "reference": submission.reference,
        "message": message,
    }
    return render(request, "intake/receipt.html", context)


@patient_view
@draft_required
@require_GET
def saved(request: HttpRequest, clinic: Clinic, draft: Draft) -> HttpResponse:
    """The resume link, shown once (and e-mailed when we have an address)."""
    token = request.session.pop(SESSION_TOKEN, None)
    # Built from SITE_URL, never from the request's Host header.
    link = settings.SITE_URL + reverse("intake:resume", args=[clinic.slug, token]) if token else None
    email = drafts.form_initial(draft, "about").get("email") or ""
    emailed = bool(link and email and "@" in email)
    if emailed and link:
        drafts.email_resume_link(clinic, email, link)
    context = {"clinic": clinic, "link": link, "emailed": emailed, "expires_at": draft.expires_at}
    return render(request, "intake/saved.html", context)


@patient_view
@require_POST
def new_link(request: HttpRequest, clinic: Clinic) -> HttpResponse:
    """A fresh resume link for this browser's draft (the old one stops working)."""
    draft = current_draft(request, clinic)
    if draft is None:
        return see_other(reverse("intake:clinic_start", args=[clinic.slug]))
    note_in_session(request, SESSION_TOKEN, drafts.issue_resume_token(draft))
    return see_other(reverse("intake:saved", args=[clinic.slug]))


@patient_view
@require_GET
def resume(request: HttpRequest, clinic: Clinic, token: str) -> HttpResponse:
    """Move the intake to this browser (a new intake cookie), then drop the token from the address bar."""
    draft = drafts.redeem_resume_token(token, clinic)
    if draft is None:
        return see_other(reverse("intake:link_expired", args=[clinic.slug]))
    response = see_other(step_url(clinic, drafts.first_incomplete(draft) or drafts.REVIEW))
    browser.write(response, browser.new(drafts.issue_access_token(draft), drafts.answered_steps(draft)))
    return response


@patient_view
@require_GET
def link_expired(request: HttpRequest, clinic: Clinic) -> HttpResponse:
    return render(request, "intake/link_expired.html", {"clinic": clinic}, status=410)
