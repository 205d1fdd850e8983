import datetime as dt
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditAction, AuditEvent
from intake.models import Submission
from tests.factories import make_clinic, make_submission
from tests.test_interop_fhir_bundle import checked

pytestmark = pytest.mark.django_db


def export(*args):
    out, err = StringIO(), StringIO()
    call_command("export_fhir", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def received_on(submission, day):
    Submission.objects.filter(pk=submission.pk).update(received_at=dt.datetime(*day, 12, tzinfo=dt.UTC))


def case_ids(bundles):
    return [bundle["identifier"]["value"].removeprefix("urn:uuid:") for bundle in bundles]


def test_every_submission_of_every_clinic_is_one_valid_bundle_per_line():
    north = make_submission(make_clinic("north"), cancer_history=True)
    south = make_submission(make_clinic("south"), saddle_anesthesia=True)

    bundles, _ = export()

    assert sorted(case_ids(bundles)) == sorted([str(north.pk), str(south.pk)])
    for bundle in bundles:
        checked(bundle)


def test_clinic_limits_the_export_to_that_clinic():
    north = make_submission(make_clinic("north"))
    make_submission(make_clinic("south"))

    bundles, _ = export("--clinic", "north")

    assert case_ids(bundles) == [str(north.pk)]


def test_since_keeps_cases_received_on_or_after_that_day():
    clinic = make_clinic()
    old, boundary, new = (make_submission(clinic, key=k) for k in ("old", "boundary", "new"))
    received_on(old, (2026, 3, 31))
    received_on(boundary, (2026, 4, 1))
    received_on(new, (2026, 4, 2))

    bundles, _ = export("--since", "2026-04-01")

    assert case_ids(bundles) == [str(boundary.pk), str(new.pk)]


def test_the_export_reads_the_table_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    clinic = make_clinic()
    for key in range(12):
        make_submission(clinic, key=f"k{key}", cancer_history=key % 2 == 0)

    with django_assert_max_num_queries(4):
        bundles, _ = export()

    assert len(bundles) == 12


def test_the_export_is_audited_once_with_its_count():
    make_submission(make_clinic())

    export()

    event = AuditEvent.objects.get(action=AuditAction.QUEUE_EXPORTED)
    assert (event.detail["format"], event.detail["count"]) == ("fhir_ndjson", 1)


def test_an_unknown_clinic_exits_with_status_2():
    with pytest.raises(CommandError) as raised:
        export("--clinic", "nowhere")

    assert raised.value.returncode == 2
    assert "nowhere" in str(raised.value)


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "20260401", "2026-4-1"])
def test_a_bad_since_date_exits_with_status_2_and_says_why(since):
    run = subprocess.run(
        [sys.executable, "manage.py", "export_fhir", "--since", since],
        capture_output=True,
        text=True,
        check=False,
    )

    assert run.returncode == 2
    assert "YYYY-MM-DD" in run.stderr
    assert run.stdout == ""


def test_a_case_that_no_longer_parses_is_skipped_named_and_fails_the_run():
    clinic = make_clinic()
    good = make_submission(clinic, key="good")
    bad = make_submission(clinic, key="bad")
    Submission.objects.filter(pk=bad.pk).update(case={"age": "forty"})
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("export_fhir", stdout=out, stderr=err)

    assert raised.value.returncode == 1
    assert case_ids([json.loads(line) for line in out.getvalue().splitlines()]) == [str(good.pk)]
    assert str(bad.pk) in err.getvalue()
    assert "forty" not in err.getvalue()
