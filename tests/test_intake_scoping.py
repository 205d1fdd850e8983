import pytest
from django.contrib.auth.models import AnonymousUser

from intake.models import Submission
from tests.factories import make_clinic, make_submission, make_user

pytestmark = pytest.mark.django_db


def test_staff_see_only_their_clinics_cases():
    north, south = make_clinic("north"), make_clinic("south")
    mine = make_submission(north)
    make_submission(south)
    clinician = make_user("alice", north)

    assert list(Submission.objects.for_user(clinician)) == [mine]


def test_a_user_without_membership_sees_nothing():
    make_submission(make_clinic())

    assert not Submission.objects.for_user(make_user("nobody")).exists()


def test_a_deactivated_user_sees_nothing():
    clinic = make_clinic()
    make_submission(clinic)
    user = make_user("gone", clinic)
    user.is_active = False

    assert not Submission.objects.for_user(user).exists()


def test_anonymous_sees_nothing():
    make_submission(make_clinic())

    assert not Submission.objects.for_user(AnonymousUser()).exists()
