"""Concurrent submissions on PostgreSQL with real commits (SQLite serialises writers)."""

import threading

import pytest
from django.db import connection

from audit.models import AuditEvent
from intake.models import Submission
from intake.services import PatientDetails, submit_case
from tests.factories import make_clinic
from tests.triage_cases import case_data

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_threads(count, work):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def submit(clinic, key):
    submission, _ = submit_case(
        clinic=clinic, case_data=case_data(fever=True), patient=PatientDetails(name="P"), idempotency_key=key
    )
    return submission.pk


def test_fifty_threads_submitting_different_intakes_store_fifty_rows(postgres_only):
    clinic = make_clinic()

    ids, errors = run_in_threads(50, lambda i: submit(clinic, f"key-{i}"))

    assert errors == []
    assert len(set(ids)) == 50
    assert Submission.objects.count() == 50
    assert AuditEvent.objects.count() == 50


def test_twenty_threads_submitting_one_key_store_one_row_and_share_the_receipt(postgres_only):
    clinic = make_clinic()

    ids, errors = run_in_threads(20, lambda i: submit(clinic, "double-click"))

    assert errors == []
    assert len(set(ids)) == 1
    assert Submission.objects.count() == 1
    assert AuditEvent.objects.count() == 1
