"""API keys: how a clinic's partner systems (kiosks, websites) authenticate to the intake API.

A key is shown once, when it is created, and only its SHA-256 hash is stored; the
short `prefix` is kept in clear so people can tell keys apart. A key acts for
exactly one clinic. Revoking sets `revoked_at`; a revoked key never authenticates
again, and rows are kept so the audit trail can still name them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from intake.models import Clinic


class ApiKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. 'Reception kiosk'.")
    prefix = models.CharField(max_length=16, help_text="The key's first characters, for telling keys apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["clinic", "-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
