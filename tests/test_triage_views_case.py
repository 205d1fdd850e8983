import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Membership
from audit.models import AuditAction, AuditEvent
from intake.models import Notification, Submission
from intake.questions import LABELS
from tests.dashboard_support import EMERGENCY, URGENT, make_case, make_failed_case, make_team
from tests.queries import page_queries
from tests.triage_cases import STARTBACK
from triage import rules
from triage.services import add_note

pytestmark = pytest.mark.django_db


def open_case(client, user, case):
    client.force_login(user)
    return client.get(reverse("dashboard:case", args=[case.pk]))


def test_an_emergency_case_shows_the_banner_and_each_flag_with_tier_rationale_and_source(client):
    team = make_team()
    case = make_case(team.clinic, **EMERGENCY)
    flag = rules.FLAGS_BY_ID["cauda_equina_suspected"]

    html = open_case(client, team.clinician, case).content.decode()

    assert "banner-emergency" in html
    assert 'badge-emergency">Emergency</span> <strong>Cauda equina suspected</strong>' in html
    assert flag.rationale in html
    assert f"Source: {flag.source}" in html


def test_each_output_names_the_decision_rule_that_produced_it_and_the_rules_version(client):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    rule = rules.DECISION_RULES_BY_ID["R-30"]

    html = open_case(client, team.clinician, case).content.decode()

    assert "banner-urgent" in html
    assert html.count('<span class="rule-id">R-30</span>') == 3
    assert rule.summary in html and rule.rationale in html
    assert f"Rules version {rules.RULES_VERSION}" in html


def test_a_case_the_rules_could_not_triage_says_so(client):
    team = make_team()
    case = make_failed_case(team.clinic)

    html = open_case(client, team.clinician, case).content.decode()

    assert "Triage failed." in html
    assert "banner-urgent" in html


def test_unanswered_emergency_questions_are_named(client):
    team = make_team()
    case = make_case(team.clinic, bladder_dysfunction=None, fever=None)

    html = open_case(client, team.clinician, case).content.decode()

    assert "Emergency questions not answered" in html
    assert f"<li>{escape(LABELS['bladder_dysfunction'])}</li>" in html
    assert f"<li>{escape(LABELS['fever'])}</li>" in html


def test_startback_and_oswestry_show_scores_risk_matched_care_and_items(client):
    team = make_team()
    case = make_case(team.clinic, startback=STARTBACK, odi_sections=[2, 3, 1, None, 2, 2, 3, 1, 2, 1])

    html = open_case(client, team.clinician, case).content.decode()

    assert (
        "Total <strong>7</strong> of 9, psychosocial <strong>4</strong> of 5: <strong>High risk</strong>"
        in html
    )
    assert "Psychologically informed physiotherapy." in html
    assert '<th scope="row">9. Overall bothersomeness</th><td>Very much</td>' in html
    assert "<strong>38%</strong>: Moderate disability." in html  # 17 / 45 = 37.8%
    assert '<tr class="not-answered"><th scope="row">Walking</th><td>Not answered</td></tr>' in html


def test_every_answer_is_shown_and_unanswered_ones_are_marked(client):
    team = make_team()
    case = make_case(team.clinic, night_pain=None, prior_lumbar_imaging={"done": True, "modality": "mri"})

    html = open_case(client, team.clinician, case).content.decode()

    assert f"{escape(LABELS['night_pain'])}</th><td>Not answered</td>" in html
    assert '<th scope="row">Kind</th><td>MRI</td>' in html
    assert html.count('class="not-answered"') >= 3


def test_the_patients_own_words_are_shown_escaped(client):
    team = make_team()
    case = make_case(team.clinic, narrative='It hurts <script>alert(1)</script> "a lot"')

    html = open_case(client, team.clinician, case).content.decode()

    assert "It hurts &lt;script&gt;alert(1)&lt;/script&gt; &quot;a lot&quot;" in html
    assert "<script>alert(1)" not in html


def test_the_alert_status_is_shown(client):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    Notification.objects.filter(submission=case).update(state="sent", sent_at=timezone.now())

    html = open_case(client, team.clinician, case).content.decode()

    assert f"To {team.clinic.alert_email}: <strong>Sent</strong>, sent" in html


def test_every_view_of_a_case_is_audited(client):
    team = make_team()
    case = make_case(team.clinic)

    open_case(client, team.clinician, case)
    open_case(client, team.colleague, case)

    views = AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, submission=case)
    assert sorted(views.values_list("actor_username", flat=True)) == ["alice", "bob"]


def test_printing_a_case_is_audited_as_an_export(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    response = client.post(reverse("dashboard:printed", args=[case.pk]))

    assert response.status_code == 204
    event = AuditEvent.objects.get(action=AuditAction.CASE_EXPORTED)
    assert (event.submission, event.detail) == (case, {"format": "print"})


def test_the_case_page_runs_the_same_number_of_queries_however_long_its_history(client):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    client.force_login(team.clinician)
    fresh = page_queries(client, reverse("dashboard:case", args=[case.pk]))

    for number in range(5):
        add_note(case, team.colleague, f"note {number}")
    busy = page_queries(client, reverse("dashboard:case", args=[case.pk]))

    assert len(fresh) == len(busy)


def test_the_case_page_runs_the_same_number_of_queries_with_10_and_1000_cases(client):
    call_command("seed_demo", cases=10)
    user = Membership.objects.get(clinic__slug="demo").user
    client.force_login(user)
    case = Submission.objects.for_user(user).order_by("received_at").first()
    few = page_queries(client, reverse("dashboard:case", args=[case.pk]))

    call_command("seed_demo", cases=1000)
    many = page_queries(client, reverse("dashboard:case", args=[case.pk]))

    assert Submission.objects.count() == 1000
    assert len(few) == len(many)
