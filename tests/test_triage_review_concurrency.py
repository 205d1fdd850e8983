import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from intake.models import Status, Submission
from tests.dashboard_support import URGENT, make_case, make_staff, make_team
from triage import services
from triage.models import Decision
from triage.services import Conflict, DecisionInput

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run each job in its own thread (own database connection), started at the same moment."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the test inspects what each thread ran into
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_ten_clinicians_claiming_the_next_case_never_get_the_same_one(postgres_only):
    team = make_team()
    for hours in range(6):
        make_case(team.clinic, hours_ago=hours + 1)
    clinicians = [make_staff(f"pt{n}", team.clinic) for n in range(10)]

    claimed = run_together([lambda user=user: services.claim_next(user) for user in clinicians])

    assert not [result for result in claimed if isinstance(result, Exception)]
    ids = [case.pk for case in claimed if case is not None]
    assert len(ids) == len(set(ids)) == 6
    assert Submission.objects.filter(status=Status.IN_REVIEW).count() == 6
    assert sorted(Submission.objects.values_list("assignee__username", flat=True)) == sorted(
        case.assignee.username for case in claimed if case is not None
    )


def test_two_reviewers_saving_the_same_version_give_one_update_and_one_conflict(postgres_only):
    team = make_team()
    case = make_case(team.clinic, **URGENT)
    decision = DecisionInput("agree", "red_flag_urgent", "urgent", "indicated_urgent", "", "", "no_action")

    def save(user: Any) -> Any:
        mine = Submission.objects.get(pk=case.pk)
        return services.record_decision(mine, user, 1, decision)

    results = run_together([lambda: save(team.clinician), lambda: save(team.colleague)])

    assert sorted(type(result).__name__ for result in results) == ["Conflict", "Decision"]
    assert Decision.objects.count() == 1
    case.refresh_from_db()
    assert case.version == 2
    assert any(isinstance(result, Conflict) for result in results)
