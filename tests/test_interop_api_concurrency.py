import json
import threading

import pytest
from django.db import connection
from django.test import Client

from intake.models import Submission
from interop.services import create_api_key
from tests.factories import make_clinic
from tests.triage_cases import case_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

THREADS = 10


def test_ten_concurrent_posts_with_one_idempotency_key_store_exactly_one_submission(postgres_only):
    _, key = create_api_key(make_clinic(), "Kiosk")
    body = json.dumps({"case": case_data(), "patient": {"name": "Pat"}})
    start = threading.Barrier(THREADS)
    answers = []

    def post():
        try:
            start.wait()
            response = Client().post(
                "/api/v1/intakes", body, content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_IDEMPOTENCY_KEY="same-retry",
            )  # fmt: skip
            answers.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Submission.objects.count() == 1
    assert sorted(status for status, _ in answers) == [200] * (THREADS - 1) + [201]
    assert {submission_id for _, submission_id in answers} == {str(Submission.objects.get().pk)}
