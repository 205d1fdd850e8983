import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from intake.models import Clinic, Submission
from triage.models import Decision, RuleOutcome

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_clinics_logins_and_every_category(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")

    call_command("seed_demo", cases=60, clinics=2)

    assert set(Clinic.objects.values_list("slug", flat=True)) == {"demo", "demo2"}
    assert get_user_model().objects.get(username="demo2").check_password("demo-password-for-tests")
    assert Submission.objects.count() == 60
    assert set(Submission.objects.values_list("category", flat=True)) == {
        "emergency",
        "traumatic",
        "red_flag_urgent",
        "radicular",
        "non_traumatic_mechanical",
    }


def test_seed_demo_is_idempotent():
    call_command("seed_demo", cases=20)
    call_command("seed_demo", cases=20)

    assert Submission.objects.count() == 20
    assert Clinic.objects.count() == 1


def test_seed_demo_prints_a_generated_password_when_none_is_set(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    call_command("seed_demo", cases=0)

    assert "Generated password for demo" in capsys.readouterr().out


def test_seed_demo_gives_reviewed_cases_a_decision_with_some_overrides():
    call_command("seed_demo", cases=300)

    reviewed = Submission.objects.filter(reviewed_at__isnull=False)
    assert reviewed.count() == Decision.objects.filter(current=True).count() > 0
    overrides = Decision.objects.filter(outcome="override")
    assert overrides.exists() and not overrides.filter(reason="").exists()
    assert RuleOutcome.objects.filter(overridden=True).exists()
    assert not Submission.objects.filter(status="new", assignee__isnull=False).exists()
