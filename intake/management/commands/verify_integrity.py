"""`manage.py verify_integrity`: report submissions missing their result or audit trail.

Exit status 0 when everything is whole, 1 when any problem is found (one line each).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from intake.integrity import find_problems
from intake.models import Submission


class Command(BaseCommand):
    help = "Check that every submission has its triage result, flag rows and audit event."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = find_problems()
        for p in problems:
            self.stdout.write(f"{p.reference} {p.submission_id}: {p.problem}")
        total = Submission.objects.count()
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {total} submissions", returncode=1)
        self.stdout.write(f"ok: {total} submissions, each with its result, flags and audit event")
