"""Writes of the interop app: API keys (create, revoke, authenticate) and intakes arriving by API.

Keys are `lbp_` followed by 43 URL-safe characters (256 random bits). Only the
SHA-256 of a key is stored: a fast hash is enough because the key itself is
random, not chosen by a person. Intakes go through `intake.services.submit_case`,
the same door as the web form; the caller's Idempotency-Key is stored as
`api:<key>` so it can never collide with the keys the web form generates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record
from intake.models import Clinic, Source, Submission
from intake.services import PatientDetails, submit_case
from interop.models import ApiKey

KEY_PREFIX = "lbp_"
KEY_RANDOM_BYTES = 32
SHOWN_PREFIX_CHARS = 12
MAX_KEY_CHARS = 100
API_IDEMPOTENCY_NAMESPACE = "api:"
# `last_used_at` is refreshed at most this often, so a busy key does not write on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(KEY_RANDOM_BYTES)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(
    clinic: Clinic,
    name: str,
    *,
    created_by: Any = None,
    request: HttpRequest | None = None,
) -> tuple[ApiKey, str]:
    """Store a new key for `clinic`; returns it with the secret, which is never stored."""
    key = new_key()
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            clinic=clinic,
            name=name,
            prefix=key[:SHOWN_PREFIX_CHARS],
            key_hash=hash_key(key),
            created_by=created_by,
        )
        _audit(api_key, "api_key_created", request=request, user=created_by)
    return api_key, key


def revoke_api_key(api_key: ApiKey, *, request: HttpRequest | None = None) -> bool:
    """Revoke a key at once; returns False if it was already revoked."""
    with transaction.atomic():
        now = timezone.now()
        changed = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=now)
        if changed:
            api_key.revoked_at = now
            _audit(api_key, "api_key_revoked", request=request)
    return bool(changed)


def _audit(api_key: ApiKey, change: str, *, request: HttpRequest | None, user: Any = None) -> None:
    record(
        AuditAction.ADMIN_CHANGE,
        request=request,
        user=user,
        clinic=api_key.clinic,
        change=change,
        api_key=str(api_key.pk),
        key_prefix=api_key.prefix,
    )


def authenticate(key: str) -> ApiKey | None:
    """The active key matching `key`, or None. Notes when it was last used."""
    if not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_CHARS:
        return None
    api_key = (
        ApiKey.objects.select_related("clinic")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if api_key is not None:
        now = timezone.now()
        if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
            api_key.last_used_at = now
    return api_key


def submit_api_intake(
    api_key: ApiKey,
    case: dict[str, Any],
    patient: PatientDetails,
    idempotency_key: str,
    *,
    request: HttpRequest | None = None,
) -> tuple[Submission, bool]:
    """Store an intake for the key's clinic, once per Idempotency-Key; (submission, created)."""
    return submit_case(
        clinic=api_key.clinic,
        case_data=case,
        patient=patient,
        idempotency_key=API_IDEMPOTENCY_NAMESPACE + idempotency_key,
        source=Source.API,
        request=request,
    )
