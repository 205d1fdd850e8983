"""The intake cookie: how a patient's browser holds on to its draft.

Filling in the questionnaire needs no server session (a patient's session holds only
one-shot notes, under a new id each time: intake/views.py). Starting an intake (or
opening a resume link) gives the browser one HttpOnly cookie, signed with SECRET_KEY
(Django's signed cookies), that holds:

- a random access token (256 bits) of which the draft keeps only the sha256
  (`Draft.access_token_hash`): the draft's id and the answers never leave the server;
- which steps hold answers (saved, or typed and kept). A step with nothing in it,
  the usual case when moving forward, is the same page for every patient, so it is
  served without reading the draft at all (see `intake.views.step`).

The cookie ends PATIENT_SESSION_AGE after the last page view; it is re-signed at most
once every SESSION_REFRESH_SECONDS. Opening a resume link issues a new token, so the
intake moves to that browser and the old one loses it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from intake.drafts import STEPS

SALT = "intake.browser"


@dataclass(frozen=True)
class IntakeCookie:
    token: str
    answered: frozenset[str]  # steps that hold answers
    signed_at: int

    def with_answered(self, steps: Iterable[str]) -> IntakeCookie:
        return replace(self, answered=frozenset(steps))

    def encode(self) -> str:
        steps = "".join(str(STEPS.index(step)) for step in STEPS if step in self.answered)
        return f"{self.token}.{steps}.{self.signed_at}"


def new(token: str, answered: Iterable[str]) -> IntakeCookie:
    return IntakeCookie(token=token, answered=frozenset(answered), signed_at=int(time.time()))


def read(request: HttpRequest) -> IntakeCookie | None:
    """The browser's intake cookie, if it is genuine and recent enough; else None."""
    value = request.get_signed_cookie(
        settings.INTAKE_COOKIE_NAME, default=None, salt=SALT, max_age=settings.PATIENT_SESSION_AGE
    )
    parts = value.split(".") if value else []
    if len(parts) != 3 or not parts[0] or not parts[2].isdigit():
        return None
    token, steps, signed_at = parts
    answered = frozenset(STEPS[int(i)] for i in steps if i.isdigit() and int(i) < len(STEPS))
    return IntakeCookie(token=token, answered=answered, signed_at=int(signed_at))


def write(response: HttpResponseBase, cookie: IntakeCookie, before: IntakeCookie | None = None) -> None:
    """Set the cookie when it is new or changed, or re-sign it when due (the idle window restarts)."""
    due = time.time() - cookie.signed_at >= settings.SESSION_REFRESH_SECONDS
    if cookie == before and not due:
        return
    response.set_signed_cookie(
        settings.INTAKE_COOKIE_NAME,
        replace(cookie, signed_at=int(time.time())).encode(),
        salt=SALT,
        max_age=settings.PATIENT_SESSION_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget(response: HttpResponseBase) -> None:
    response.delete_cookie(settings.INTAKE_COOKIE_NAME, samesite="Lax")
