"""`manage.py purge_drafts`: delete intake drafts past their 72 hours (run it daily, e.g. from cron)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from intake.models import Draft


class Command(BaseCommand):
    help = "Delete expired intake drafts (unfinished answers older than 72 hours since last saved)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, _ = Draft.objects.filter(expires_at__lte=timezone.now()).delete()
        self.stdout.write(f"Deleted {deleted} expired draft(s).")
