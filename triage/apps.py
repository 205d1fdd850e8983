"""App config. On SQLite it adds the MEDIAN aggregate the overview page uses."""

from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def add_sqlite_median(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        from triage.overview import SqliteMedian

        connection.connection.create_aggregate("MEDIAN", 1, SqliteMedian)


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage and clinician review"

    def ready(self) -> None:
        connection_created.connect(add_sqlite_median, dispatch_uid="triage_sqlite_median")
