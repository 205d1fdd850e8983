"""Counting the queries a page runs, for the fixed-query-count tests.

Session reads and writes (and the savepoints around a session write) are left out:
the session is refreshed at most once a minute (accounts/middleware.py), so whether a
request writes it depends on the clock, not on the page.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str, **params) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return [
        q["sql"]
        for q in queries
        if '"django_session"' not in q["sql"] and not q["sql"].startswith(SAVEPOINTS)
    ]


SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
