"""`manage.py export_fhir [--since YYYY-MM-DD] [--clinic SLUG]`: FHIR bundles as NDJSON.

Writes one Bundle per line on stdout (every clinic unless one is named), oldest
first, reading the table in chunks so memory stays flat however many cases there
are. `--since` keeps cases received on or after that day (in TIME_ZONE). Bad
arguments exit with status 2 and a message on stderr. A case whose stored answers
no longer parse is named on stderr and skipped, and the command then exits 1.
One audit event records the export.
"""

import argparse
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record
from intake.models import Clinic, Submission
from interop.bundle import Form, submission_bundle
from triage.case import CaseError

USAGE_ERROR = 2
CHUNK_SIZE = 500


def iso_day(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date written YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = "Write every submission (or one clinic's) as a FHIR R4 Bundle per line (NDJSON) on stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=iso_day, help="only cases received on or after this day")
        parser.add_argument("--clinic", help="only this clinic's cases (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        submissions = Submission.objects.defer("answers").order_by("received_at", "id")
        clinic = None
        if options["clinic"] is not None:
            clinic = Clinic.objects.filter(slug=options["clinic"]).first()
            if clinic is None:
                raise CommandError(
                    f"--clinic: no clinic with slug {options['clinic']!r}", returncode=USAGE_ERROR
                )
            submissions = submissions.filter(clinic=clinic)
        if options["since"] is not None:
            start = dt.datetime.combine(options["since"], dt.time.min, tzinfo=timezone.get_current_timezone())
            submissions = submissions.filter(received_at__gte=start)
        exported, skipped = self.export(submissions)
        record(
            AuditAction.QUEUE_EXPORTED, clinic=clinic, format="fhir_ndjson", count=exported, skipped=skipped
        )
        if skipped:
            raise CommandError(f"{skipped} case(s) could not be exported; see above.", returncode=1)

    def export(self, submissions: Any) -> tuple[int, int]:
        form = Form()
        exported = skipped = 0
        for submission in submissions.iterator(chunk_size=CHUNK_SIZE):
            try:
                bundle = submission_bundle(submission, form)
            except CaseError as problem:
                self.stderr.write(
                    f"case {submission.pk}: skipped, its answer {problem.field!r} does not parse"
                )
                skipped += 1
                continue
            self.stdout.write(json.dumps(bundle, separators=(",", ":")))
            exported += 1
        return exported, skipped
