"""Response headers every page gets, and a request id that ties an error page to its log line.

`ResponseHeadersMiddleware` marks every response that passes through Django (all HTML
and JSON; WhiteNoise answers static files before it) `Cache-Control: no-store`, so no
browser, proxy or shared computer keeps a copy of a patient's answers or a case page
(ASVS 14.3.2), and `X-Robots-Tag: noindex, nofollow`, so nothing is indexed even if a
link leaks (the UW Medicine lesson). Static files get the robots header through
WhiteNoise's header hook (settings) and stay cacheable. The remaining browser headers come from
Django's SecurityMiddleware, XFrameOptionsMiddleware and django-csp.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ROBOTS = "noindex, nofollow"


class RequestIdMiddleware:
    """Give each request a short random id: logged with errors, shown on the 500 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.request_id = secrets.token_hex(6)  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class ResponseHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = ROBOTS
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
