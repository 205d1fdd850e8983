"""Backup and restore drill on PostgreSQL: ops/backup, ops/restore, then verify_integrity."""

import os
import subprocess
import uuid

import pytest
from django.db import connection

from intake.models import Submission
from tests.factories import make_clinic, make_submission

pytestmark = pytest.mark.django_db(transaction=True)


def url_for(database):
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{database}"


@pytest.fixture
def empty_database(postgres_only):
    name = f"restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_that_passes_verify_integrity(empty_database, tmp_path):
    clinic = make_clinic()
    for index in range(5):
        make_submission(clinic, key=f"k{index}", cancer_history=index % 2 == 0)
    dump = tmp_path / "backup.dump"
    env = os.environ | {"DATABASE_URL": url_for(connection.settings_dict["NAME"])}

    subprocess.run(["ops/backup", str(dump)], env=env, check=True, capture_output=True)
    restore = subprocess.run(
        ["ops/restore", str(dump)],
        env=os.environ | {"DATABASE_URL": url_for(empty_database)},
        capture_output=True,
        text=True,
        check=False,
    )

    assert restore.returncode == 0, restore.stderr
    assert f"ok: {Submission.objects.count()} submissions" in restore.stdout
