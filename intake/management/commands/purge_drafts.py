"""`manage.py purge_drafts`: delete intake drafts past their expiry (72 hours unsaved).

Only drafts are purged. Submissions and audit events are never deleted here.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from intake.models import Draft


class Command(BaseCommand):
    help = "Delete expired intake drafts (never submissions or audit events)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, _ = Draft.objects.filter(expires_at__lte=timezone.now()).delete()
        self.stdout.write(f"expired drafts deleted: {deleted}")
