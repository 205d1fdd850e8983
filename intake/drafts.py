"""Intakes in progress: the steps, the draft that holds their answers, and resume links.

The browser holds its draft through the intake cookie (intake/browser.py), which
carries a random access token; the draft keeps its sha256. The draft holds the answers per step
(`Draft.answers[step]`, as the step's form cleaned them, with the date they were
saved), plus, under `_raw`, what was typed on a step that was left with Back or
"Save and finish later" before it validated, so nothing typed is ever lost.
Under `_meta` it remembers which emergency message was already shown.

A resume link carries a random token (`secrets.token_urlsafe(32)`, 256 bits); only
its sha256 is stored. It works once, and the draft expires 72 hours after it was
last saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intake.canonical import ANSWERED_ON
from intake.models import Clinic, Draft

DRAFT_LIFETIME = dt.timedelta(hours=72)
RAW = "_raw"
META = "_meta"

STEPS = ("about", "back-pain", "legs", "warning-signs", "history", "questionnaires")
REVIEW = "review"
STEP_COUNT = len(STEPS) + 1  # the review page is the last step


def step_number(step: str) -> int:
    return STEPS.index(step) + 1 if step in STEPS else STEP_COUNT


def previous_step(step: str) -> str | None:
    index = STEPS.index(step) if step in STEPS else len(STEPS)
    return STEPS[index - 1] if index > 0 else None


def next_step(step: str) -> str:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else REVIEW


def start_draft(clinic: Clinic, language: str) -> tuple[Draft, str]:
    """A new, empty draft, and the access token for the browser's intake cookie."""
    token = secrets.token_urlsafe(32)
    draft = Draft.objects.create(
        clinic=clinic,
        idempotency_key=secrets.token_urlsafe(32),
        access_token_hash=hash_token(token),
        language=language,
        expires_at=timezone.now() + DRAFT_LIFETIME,
    )
    return draft, token


def draft_for_token(token: str, clinic: Clinic) -> Draft | None:
    """The live draft at this clinic that the intake cookie's token opens, if any."""
    return Draft.objects.filter(
        access_token_hash=hash_token(token), clinic=clinic, expires_at__gt=timezone.now()
    ).first()


def discard(token: str) -> None:
    """Delete the draft a token opens (the browser starts a new intake)."""
    Draft.objects.filter(access_token_hash=hash_token(token)).delete()


def issue_access_token(draft: Draft) -> str:
    """A new access token for the draft; the browser that held the old one loses it."""
    token = secrets.token_urlsafe(32)
    Draft.objects.filter(pk=draft.pk).update(access_token_hash=hash_token(token))
    return token


def answered_steps(draft: Draft) -> frozenset[str]:
    """The steps whose page shows something of this patient's: saved or typed answers."""
    return frozenset(step for step in STEPS if step in draft.answers or step in draft.answers.get(RAW, {}))


def blank_initial(step: str) -> dict[str, Any]:
    """What a step with no answers shows: only the defaults (step 1's language)."""
    return {"language": translation.get_language() or settings.LANGUAGE_CODE} if step == "about" else {}


def _touch(draft: Draft) -> None:
    draft.expires_at = timezone.now() + DRAFT_LIFETIME
    draft.save(update_fields=["answers", "language", "expires_at", "updated_at"])


def save_step(draft: Draft, step: str, answers: dict[str, Any], today: dt.date) -> None:
    """Store a step's validated answers; they replace anything typed there before."""
    draft.answers[step] = {**answers, ANSWERED_ON: today.isoformat()}
    draft.answers.get(RAW, {}).pop(step, None)
    if step == "about" and answers.get("language"):
        draft.language = answers["language"]
    _touch(draft)


def save_raw(draft: Draft, step: str, raw: dict[str, Any]) -> None:
    """Keep what was typed on a step that did not validate, to show it again."""
    draft.answers.setdefault(RAW, {})[step] = raw
    _touch(draft)


def form_initial(draft: Draft, step: str) -> dict[str, Any]:
    """What the step's form shows: the typed-but-unsaved answers if any, else the saved ones."""
    raw = draft.answers.get(RAW, {}).get(step)
    if raw is not None:
        return dict(raw)
    saved = dict(draft.answers.get(step, {}))
    saved.pop(ANSWERED_ON, None)
    if step == "about":
        saved.setdefault("language", draft.language)
    return saved


def is_complete(draft: Draft, step: str) -> bool:
    return step in draft.answers and step not in draft.answers.get(RAW, {})


def first_incomplete(draft: Draft) -> str | None:
    return next((step for step in STEPS if not is_complete(draft, step)), None)


def patient_answers(draft: Draft) -> dict[str, Any]:
    """The answers by step, without the bookkeeping kept beside them."""
    return {step: draft.answers[step] for step in STEPS if step in draft.answers}


def emergency_shown(draft: Draft) -> list[str]:
    shown: list[str] = draft.answers.get(META, {}).get("emergency_shown", [])
    return shown


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_resume_token(draft: Draft) -> str:
    """A new resume token for the draft; any earlier link stops working."""
    token = secrets.token_urlsafe(32)
    draft.resume_token_hash = hash_token(token)
    draft.expires_at = timezone.now() + DRAFT_LIFETIME
    draft.save(update_fields=["resume_token_hash", "expires_at", "updated_at"])
    return token


def redeem_resume_token(token: str, clinic: Clinic) -> Draft | None:
    """The live draft the token opens, which then no longer opens it; None if expired or used."""
    if len(token) > 100:
        return None
    draft = Draft.objects.filter(
        resume_token_hash=hash_token(token), clinic=clinic, expires_at__gt=timezone.now()
    ).first()
    if draft is None:
        return None
    used = Draft.objects.filter(pk=draft.pk, resume_token_hash=draft.resume_token_hash)
    if not used.update(resume_token_hash=None):
        return None  # redeemed at the same moment by another request
    return draft


def email_resume_link(clinic: Clinic, address: str, link: str) -> None:
    """Send the link (and nothing about the answers) to the address the patient gave."""
    send_mail(
        subject=_("Your link to finish the back pain questionnaire"),
        message=_(
            "To finish your back pain questionnaire for %(clinic)s, open this link:\n\n%(link)s\n\n"
            "The link works once and expires 72 hours after you last saved your answers."
        )
        % {"clinic": clinic.name, "link": link},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
        fail_silently=True,
    )
