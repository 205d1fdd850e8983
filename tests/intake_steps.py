"""Shared helpers for intake tests: valid form data for each step, to override; the draft
a test browser holds."""

from typing import Any

from django.conf import settings
from django.test import Client, RequestFactory

from intake import browser, drafts
from intake.models import Draft

STEP_DATA: dict[str, dict[str, Any]] = {
    "about": {
        "name": "Sam Sock",
        "date_of_birth": "1993-01-15",
        "sex": "male",
        "phone": "+1 555 010 0101",
        "email": "sam@example.com",
        "language": "en",
        "consent": "on",
    },
    "back-pain": {
        "onset_known": "ago",
        "onset_ago_number": "5",
        "onset_ago_unit": "days",
        "onset_type": "sudden",
        "mechanism": "bending_or_lifting",
        "trauma_occurred": "no",
        "pain_location": ["lower_back"],
        "pain_now": "6",
        "narrative": "I bent over to pick up a sock and my back seized.",
    },
    "legs": {"leg_pain": "none", "numbness": "none", "weakness": "none"},
    "warning-signs": {
        "saddle_anesthesia": "no",
        "bladder_dysfunction": "no",
        "bowel_incontinence": "no",
        "sexual_dysfunction_new": "no",
        "fever": "no",
        "weight_loss_unexplained": "no",
        "night_pain": "no",
    },
    "history": {
        "cancer_history": "no",
        "immunosuppression": "no",
        "iv_drug_use": "no",
        "recent_infection_or_spinal_procedure": "no",
        "steroid_use": "no",
        "osteoporosis": "no",
        "prior_spine_surgery": "no",
        "imaging_done": "no",
        "care_weeks": "0",
        "improving": "no",
        "wants_procedure": "no",
    },
    "questionnaires": {
        "q1_leg_pain": "disagree",
        "q2_shoulder_neck": "disagree",
        "q3_walk_short": "agree",
        "q4_dress_slowly": "agree",
        "q5_unsafe_active": "disagree",
        "q6_worry": "disagree",
        "q7_terrible_never_better": "disagree",
        "q8_no_enjoyment": "disagree",
        "q9_bothersome": "moderately",
        **{f"odi_{n}": "1" for n in range(1, 11)},
    },
}


def step_data(step: str, **overrides: Any) -> dict[str, Any]:
    data = {**STEP_DATA[step], **overrides}
    return {key: value for key, value in data.items() if value is not None}


def browser_draft(client: Client) -> Draft:
    """The draft this test browser's intake cookie opens."""
    request = RequestFactory().get("/")
    request.COOKIES = {settings.INTAKE_COOKIE_NAME: client.cookies[settings.INTAKE_COOKIE_NAME].value}
    cookie = browser.read(request)
    assert cookie is not None, "the browser holds no valid intake cookie"
    return Draft.objects.get(access_token_hash=drafts.hash_token(cookie.token))
