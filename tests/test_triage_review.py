import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from intake.models import Status
from tests.dashboard_support import EMERGENCY, URGENT, make_case, make_failed_case, make_team
from triage.models import CaseNote, ContactAttempt, Decision, RuleOutcome

pytestmark = pytest.mark.django_db

AGREE = {"outcome": "agree", "next_step": "book_pt_evaluation"}


def post(client, name, case, data):
    return client.post(reverse(name, args=[case.pk]), {"version": case.version, **data})


def changes(case) -> list[dict]:
    return list(
        AuditEvent.objects.filter(action=AuditAction.CASE_CHANGED, submission=case)
        .order_by("id")
        .values_list("detail", flat=True)
    )


def test_claiming_a_new_case_assigns_it_starts_the_review_and_is_audited(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    response = post(client, "dashboard:claim", case, {})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.assignee, case.status, case.version) == (team.clinician, Status.IN_REVIEW, 2)
    assert changes(case) == [{"change": "claimed", "fields": ["assignee", "status"], "version": 2}]


def test_a_case_can_be_assigned_to_a_colleague_of_its_clinic(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    post(client, "dashboard:assign", case, {"assignee": team.colleague.pk})

    case.refresh_from_db()
    assert (case.assignee, case.status) == (team.colleague, Status.IN_REVIEW)


def test_a_case_cannot_be_assigned_to_someone_outside_its_clinic(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    response = post(client, "dashboard:assign", case, {"assignee": team.outsider.pk})

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assignee is None


def test_agreeing_records_the_triage_outputs_and_marks_the_case_reviewed(client):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    client.force_login(team.clinician)

    response = post(client, "dashboard:decide", case, AGREE)

    assert response.status_code == 302
    case.refresh_from_db()
    decision = Decision.objects.get()
    assert (case.status, case.assignee, case.reviewed_at is not None) == (
        Status.REVIEWED,
        team.clinician,
        True,
    )
    assert (decision.outcome, decision.category, decision.urgency, decision.imaging) == (
        "agree", "red_flag_urgent", "urgent", "indicated_urgent",
    )  # fmt: skip
    assert list(RuleOutcome.objects.values_list("rule", "outputs", "overridden")) == [
        ("R-30", "category,imaging,urgency", False)
    ]


def test_overriding_the_urgency_with_a_coded_reason_is_stored_and_audited_without_free_text(client):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    client.force_login(team.clinician)

    post(
        client,
        "dashboard:decide",
        case,
        {
            "outcome": "override",
            "urgency": "routine",
            "reason": "examined_in_person",
            "reason_text": "Seen today, Ana said it is better",
            "next_step": "book_pt_evaluation",
        },
    )

    decision = Decision.objects.get()
    assert (decision.outcome, decision.urgency, decision.category) == (
        "override",
        "routine",
        "red_flag_urgent",
    )
    assert decision.reason_text == "Seen today, Ana said it is better"
    assert RuleOutcome.objects.get().overridden is True
    detail = changes(case)[-1]
    assert detail["overridden"] == ["urgency"] and detail["reason"] == "examined_in_person"
    assert "Ana" not in str(changes(case))


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        (
            {"outcome": "override", "urgency": "routine", "next_step": "no_action"},
            "reason",
            "reason_required",
        ),
        (
            {"outcome": "override", "urgency": "routine", "reason": "other", "next_step": "no_action"},
            "reason_text",
            "reason_text_required",
        ),
        (
            {"outcome": "override", "reason": "new_information", "next_step": "no_action"},
            "__all__",
            "no_change",
        ),
        (
            {
                "outcome": "override",
                "urgency": "urgent",
                "reason": "new_information",
                "next_step": "no_action",
            },
            "__all__",
            "no_change",
        ),
        ({"outcome": "agree"}, "next_step", "required"),
        ({"outcome": "override", "urgency": "soon", "next_step": "no_action"}, "urgency", "invalid_choice"),
    ],
)
def test_a_decision_that_does_not_hold_together_is_refused_with_a_reason(client, data, field, code):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    client.force_login(team.clinician)

    response = post(client, "dashboard:decide", case, data)

    assert response.status_code == 400
    assert code in [error.code for error in response.context["decision_form"].errors.as_data()[field]]
    assert not Decision.objects.exists()


def test_a_case_the_rules_could_not_triage_needs_every_output_set(client):
    team = make_team()
    case = make_failed_case(team.clinic)
    client.force_login(team.clinician)

    refused = post(client, "dashboard:decide", case, AGREE)
    accepted = post(
        client,
        "dashboard:decide",
        case,
        {
            "outcome": "override",
            "category": "radicular",
            "imaging": "not_indicated",
            "reason": "examined_in_person",
            "next_step": "book_pt_evaluation",
        },
    )

    assert "nothing_to_agree" in [
        e.code for e in refused.context["decision_form"].errors.as_data()["outcome"]
    ]
    assert accepted.status_code == 302
    decision = Decision.objects.get()
    assert (decision.category, decision.urgency, decision.imaging) == ("radicular", "urgent", "not_indicated")


def test_a_second_decision_keeps_the_first_as_history(client):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    client.force_login(team.clinician)
    post(client, "dashboard:decide", case, AGREE)
    case.refresh_from_db()

    post(client, "dashboard:decide", case, {**AGREE, "next_step": "imaging_requested"})

    assert list(Decision.objects.order_by("id").values_list("current", "next_step")) == [
        (False, "book_pt_evaluation"),
        (True, "imaging_requested"),
    ]


def test_a_decision_saved_from_a_stale_page_is_a_conflict_and_the_typed_input_is_shown_again(client):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    stale_version = case.version
    client.force_login(team.colleague)
    post(client, "dashboard:decide", case, AGREE)
    client.force_login(team.clinician)

    response = client.post(
        reverse("dashboard:decide", args=[case.pk]),
        {
            "version": stale_version,
            "outcome": "override",
            "urgency": "routine",
            "reason": "other",
            "reason_text": "My carefully typed reason",
            "next_step": "patient_contacted",
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Not saved: someone else changed this case" in html
    assert "bob changed it" in html
    assert "My carefully typed reason" in html
    assert 'value="patient_contacted" selected' in html
    assert f'name="version" value="{stale_version + 1}"' in html
    assert list(Decision.objects.values_list("reviewer__username", flat=True)) == ["bob"]


def test_claiming_from_a_stale_page_does_not_take_the_case_from_a_colleague(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.colleague)
    post(client, "dashboard:claim", case, {})
    client.force_login(team.clinician)

    response = post(client, "dashboard:claim", case, {})

    assert response.status_code == 409
    case.refresh_from_db()
    assert case.assignee == team.colleague


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (Status.REVIEWED, Status.CLOSED, True),
        (Status.REVIEWED, Status.IN_REVIEW, True),
        (Status.CLOSED, Status.IN_REVIEW, True),
        (Status.IN_REVIEW, Status.NEW, True),
        (Status.NEW, Status.CLOSED, False),
        (Status.IN_REVIEW, Status.REVIEWED, False),
        (Status.CLOSED, Status.NEW, False),
    ],
)
def test_only_the_allowed_status_moves_can_be_made_by_hand(client, start, target, allowed):
    team = make_team()
    case = make_case(team.clinic, status=start, assignee=team.clinician)
    client.force_login(team.clinician)

    response = post(client, "dashboard:status", case, {"status": target})

    case.refresh_from_db()
    assert (case.status == target) is allowed
    assert response.status_code == (302 if allowed else 400)


def test_returning_a_case_to_the_queue_unassigns_it(client):
    team = make_team()
    case = make_case(team.clinic, status=Status.IN_REVIEW, assignee=team.clinician)
    client.force_login(team.clinician)

    post(client, "dashboard:status", case, {"status": Status.NEW})

    case.refresh_from_db()
    assert (case.status, case.assignee) == (Status.NEW, None)
    assert changes(case)[-1]["status_from"] == "in_review"


def test_notes_and_contacts_are_appended_and_audited_without_their_text(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    post(client, "dashboard:note", case, {"text": "Called Ana, back is better"})
    post(
        client, "dashboard:contact", case, {"method": "phone", "result": "left_message", "text": "Voicemail"}
    )

    assert CaseNote.objects.get().text == "Called Ana, back is better"
    assert (ContactAttempt.objects.get().method, ContactAttempt.objects.get().result) == (
        "phone",
        "left_message",
    )
    assert [detail["change"] for detail in changes(case)] == ["note_added", "contact_logged"]
    assert "Ana" not in str(changes(case)) and "Voicemail" not in str(changes(case))
    case.refresh_from_db()
    assert case.version == 1  # appending never conflicts with a colleague's edit


def test_an_empty_note_is_refused(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    response = post(client, "dashboard:note", case, {"text": "   "})

    assert response.status_code == 400
    assert not CaseNote.objects.exists()


def test_the_decision_history_notes_and_contacts_show_on_the_case_page(client):
    team = make_team()
    case = make_case(team.clinic, **EMERGENCY)
    client.force_login(team.clinician)
    post(client, "dashboard:decide", case, {**AGREE, "next_step": "advised_emergency_department"})
    post(client, "dashboard:note", case, {"text": "Patient is on the way to the ED"})
    post(client, "dashboard:contact", case, {"method": "phone", "result": "reached"})

    html = client.get(reverse("dashboard:case", args=[case.pk])).content.decode()

    assert "Agree with the triage" in html and "Next step: Advised emergency department" in html
    assert "Patient is on the way to the ED" in html
    assert "Phone: Reached the patient" in html


def test_a_clinic_admin_changes_the_review_targets_and_open_cases_get_new_due_times(client):
    team = make_team()
    open_case = make_case(team.clinic, hours_ago=1, **EMERGENCY)
    closed = make_case(team.clinic, hours_ago=1, status=Status.CLOSED, **EMERGENCY)
    due_before = closed.review_due_at
    client.force_login(team.admin)

    response = client.post(
        reverse("dashboard:clinic_settings", args=[team.clinic.slug]),
        {"emergency_target_minutes": 120, "urgent_target_working_days": 2, "routine_target_working_days": 5},
    )

    assert response.status_code == 302
    open_case.refresh_from_db()
    closed.refresh_from_db()
    assert open_case.review_due_at == open_case.received_at + dt.timedelta(minutes=120)
    assert closed.review_due_at == due_before
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE)
    assert event.detail["before"]["emergency_target_minutes"] == 15
    assert event.detail["after"]["emergency_target_minutes"] == 120


def test_review_targets_out_of_range_are_refused(client):
    team = make_team()
    client.force_login(team.admin)

    response = client.post(
        reverse("dashboard:clinic_settings", args=[team.clinic.slug]),
        {"emergency_target_minutes": 0, "urgent_target_working_days": 2, "routine_target_working_days": 99},
    )

    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()
    assert errors["emergency_target_minutes"][0].code == "out_of_range"
    assert errors["routine_target_working_days"][0].code == "out_of_range"
