"""`manage.py seed_demo [--cases N] [--clinics K]`: demo clinics, clinicians and synthetic intakes.

Idempotent: clinics `demo`, `demo2` ... `demoK` and their clinicians (`demo`,
`demo2` ...) are created once; synthetic submissions are topped up to N in total,
spread over the clinics and the past 12 weeks, triaged by the real rules engine and
inserted in bulk. Reviewed and closed cases get a clinician's decision (mostly
agreement, about one in eight overriding an output, with a coded reason), so the
dashboard's history and overview have something to show. Passwords come from
DEMO_PASSWORD, or one is generated and printed.
"""

import datetime as dt
import os
import random
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role
from audit.models import AuditAction, AuditEvent
from intake.demo import SCENARIOS, random_case, random_patient, random_review
from intake.models import URGENCY_RANK, Clinic, Status, Submission, SubmissionFlag
from intake.services import new_reference, review_due_at
from triage.models import Decision, RuleOutcome
from triage.services import assess, rule_outcomes

BATCH = 2000
SEED_KEY_PREFIX = "demo-seed-"


def clinic_slug(number: int) -> str:
    return "demo" if number == 1 else f"demo{number}"


class Command(BaseCommand):
    help = "Create demo clinics, clinician logins and N synthetic intakes (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=40, help="total synthetic intakes (default 40)")
        parser.add_argument("--clinics", type=int, default=1, help="number of demo clinics (default 1)")
        parser.add_argument("--seed", type=int, default=1, help="random seed for reproducible data")

    def handle(self, *args: Any, cases: int, clinics: int, seed: int, **options: Any) -> None:
        rng = random.Random(seed)
        password = os.environ.get("DEMO_PASSWORD")
        generated = secrets.token_urlsafe(12)
        new_logins = []
        clinic_list = []
        for number in range(1, max(clinics, 1) + 1):
            clinic, user, created_user = self.ensure_clinic_and_clinician(number)
            if password or created_user:
                user.set_password(password or generated)
                user.save(update_fields=["password"])
                new_logins.append(user.username)
            clinic_list.append((clinic, user))
        added = self.top_up_submissions(clinic_list, cases, rng)
        usernames = ", ".join(user.username for _, user in clinic_list)
        self.stdout.write(f"Demo clinics: {', '.join(c.slug for c, _ in clinic_list)}; logins: {usernames}")
        if new_logins and not password:
            self.stdout.write(f"Generated password for {', '.join(new_logins)} (shown once): {generated}")
        elif not password:
            self.stdout.write(
                "Demo logins already existed; passwords unchanged (set DEMO_PASSWORD to reset)."
            )
        self.stdout.write(f"Synthetic submissions added: {added}")

    def ensure_clinic_and_clinician(self, number: int):  # type: ignore[no-untyped-def]
        slug = clinic_slug(number)
        clinic, _ = Clinic.objects.get_or_create(
            slug=slug,
            defaults={
                "name": "Demo Physical Therapy" if number == 1 else f"Demo Physical Therapy {number}",
                "phone": "555-0100",
                "emergency_number": "911",
                "alert_email": f"alerts@{slug}.example.org",
            },
        )
        user, created = get_user_model().objects.get_or_create(
            username=slug,
            defaults={"email": f"{slug}@example.org", "first_name": "Demo", "last_name": "Clinician"},
        )
        Membership.objects.get_or_create(user=user, clinic=clinic, defaults={"role": Role.CLINIC_ADMIN})
        return clinic, user, created

    def top_up_submissions(self, clinic_list: list, total: int, rng: random.Random) -> int:
        clinics = [clinic for clinic, _ in clinic_list]
        existing = Submission.objects.filter(clinic__in=clinics, idempotency_key__startswith=SEED_KEY_PREFIX)
        taken = set(existing.values_list("idempotency_key", flat=True))
        wanted = [i for i in range(total) if f"{SEED_KEY_PREFIX}{i}" not in taken]
        now = timezone.now()
        for start in range(0, len(wanted), BATCH):
            batch = [self.build(i, clinic_list, rng, now) for i in wanted[start : start + BATCH]]
            with transaction.atomic():
                Submission.objects.bulk_create(batch)
                SubmissionFlag.objects.bulk_create(
                    SubmissionFlag(submission=s, flag=flag) for s in batch for flag in s.result["flags"]
                )
                AuditEvent.objects.bulk_create(
                    AuditEvent(
                        action=AuditAction.SUBMISSION_CREATED,
                        clinic=s.clinic,
                        submission=s,
                        detail={"source": "demo_seed", "urgency": s.urgency},
                    )
                    for s in batch
                )
                self.add_decisions([s for s in batch if s.reviewed_at is not None], rng)
        return len(wanted)

    @staticmethod
    def add_decisions(reviewed: list[Submission], rng: random.Random) -> None:
        decisions = []
        for submission in reviewed:
            triage = {
                "category": submission.category,
                "urgency": submission.urgency,
                "imaging": submission.imaging,
            }
            review = random_review(rng, triage)
            decisions.append(
                Decision(
                    submission=submission, reviewer=submission.assignee, created_at=submission.reviewed_at,
                    **review,
                )
            )  # fmt: skip
        Decision.objects.bulk_create(decisions)
        RuleOutcome.objects.bulk_create(
            RuleOutcome(decision=decision, rule=rule, outputs=",".join(outputs), overridden=overridden)
            for decision, submission in zip(decisions, reviewed, strict=True)
            for rule, outputs, overridden in rule_outcomes(
                submission.decided_by or {},
                {
                    name
                    for name in ("category", "urgency", "imaging")
                    if getattr(decision, name) != getattr(submission, name)
                },
            )
        )

    def build(self, index: int, clinic_list: list, rng: random.Random, now: dt.datetime) -> Submission:
        clinic, clinician = clinic_list[index % len(clinic_list)]
        # The first few cases cover every scenario, so even a small demo shows each category.
        case = random_case(rng, SCENARIOS[index][0] if index < len(SCENARIOS) else None)
        outcome = assess(case)
        result = outcome.result
        received = now - dt.timedelta(minutes=rng.randint(5, 12 * 7 * 24 * 60))
        patient = random_patient(rng, case["age"], received.date())
        status = self.status_for(received, now, rng)
        return Submission(
            reference=new_reference(),
            clinic=clinic,
            idempotency_key=f"{SEED_KEY_PREFIX}{index}",
            received_at=received,
            language=rng.choice(("en", "en", "en", "es")),
            patient_name=patient["name"],
            date_of_birth=patient["date_of_birth"],
            phone=patient["phone"],
            email=patient["email"],
            case=case,
            result=result,
            decided_by=outcome.decided_by,
            category=result["category"],
            urgency=result["urgency"],
            urgency_rank=URGENCY_RANK[result["urgency"]],
            imaging=result["imaging"],
            startback_risk=(result["startback"] or {}).get("risk"),
            rules_version=result["rules_version"],
            review_due_at=review_due_at(clinic, result["urgency"], received),
            status=status,
            assignee=clinician if status != Status.NEW else None,
            reviewed_at=received + dt.timedelta(hours=rng.randint(1, 48))
            if status in (Status.REVIEWED, Status.CLOSED)
            else None,
        )

    @staticmethod
    def status_for(received: dt.datetime, now: dt.datetime, rng: random.Random) -> str:
        age_days = (now - received).days
        if age_days < 2:
            return rng.choice((Status.NEW, Status.NEW, Status.IN_REVIEW))
        if age_days < 14:
            return rng.choice((Status.NEW, Status.IN_REVIEW, Status.REVIEWED, Status.REVIEWED))
        return rng.choice((Status.REVIEWED, Status.CLOSED, Status.CLOSED))
