"""Payloads and checks shared by the security attack suite (reference section (b)).

The payloads are the ones the reference lists for stored XSS (15), SQL injection
(16) and template injection (17); `shown_literally` is the safe outcome for all of
them on an HTML page: the text is there, escaped, and never as markup or as a
`javascript:` link.
"""

import re

from django.http import HttpResponse
from django.utils.html import escape

XSS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
)
SQL_INJECTION = ("' OR '1'='1' --", "1; DROP TABLE intake_submission; --", "'||pg_sleep(5)--")
TEMPLATE_INJECTION = ("{{ settings.SECRET_KEY }}", "{% debug %}")
PAYLOADS = (*XSS, *SQL_INJECTION, *TEMPLATE_INJECTION)
FOREIGN_ORIGINS = ("https://evil.example", "null", "http://testserver.evil.example")
SCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def csrf_token(response: HttpResponse) -> str:
    """The token a page's form carries (the CSRF cookie is HttpOnly, so a page is the only source)."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def shown_literally(html: str, text: str) -> bool:
    """`text` is on the page as escaped text, never as markup, a template or a script link."""
    raw_markup = text != escape(text) and text in html
    return escape(text) in html and not raw_markup and not SCRIPT_URL.search(html)
