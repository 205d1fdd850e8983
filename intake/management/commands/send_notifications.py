"""`manage.py send_notifications [--loop] [--interval S]`: deliver pending clinic alerts.

Runs once by default (cron); with --loop it keeps going, for a process manager
(systemd, supervisor). Each pending alert that is due is tried; a failure is kept
for a later round with exponential backoff (intake/notifications.py).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from intake.notifications import send_due


class Command(BaseCommand):
    help = "Send pending clinic alerts from the outbox (once, or --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, for a process manager")
        parser.add_argument(
            "--interval", type=float, default=15.0, help="seconds between rounds (default 15)"
        )

    def handle(self, *args: Any, loop: bool, interval: float, **options: Any) -> None:
        while True:
            if loop:
                close_old_connections()  # survive a database restart between rounds
            sent, failed = send_due()
            if sent or failed or not loop:
                self.stdout.write(f"alerts sent: {sent}, failed attempts: {failed}")
            if not loop:
                return
            time.sleep(interval)
