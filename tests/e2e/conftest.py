"""Browser tests: links the app builds from SITE_URL (resume links) point at the live server."""

import pytest


@pytest.fixture(autouse=True)
def site_url_is_the_live_server(live_server, settings):
    settings.SITE_URL = live_server.url
