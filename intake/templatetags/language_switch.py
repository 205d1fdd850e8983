"""`{% language_switch %}`: the language buttons at the top of every patient page.

A form that posts to `intake:language` (Django's `set_language`, CSRF-protected) with
one button per other language, named in its own words, and the current page as `next`.
It is on every patient page, so it is built in Python: through a template include it
was the largest part of the page frame's cost. `format_html` escapes every value.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_switch(context: Any) -> SafeString:
    request = context["request"]
    clinic = context.get("clinic")
    current = get_language()
    buttons = format_html_join(
        "",
        '<button type="submit" name="language" value="{}" lang="{}" '
        'class="btn btn-sm btn-outline-primary">{}</button>',
        ((code, code, capfirst(get_language_info(code)["name_local"]))
         for code, _name in settings.LANGUAGES if code != current),
    )  # fmt: skip
    return format_html(
        '<form class="language-switch" method="post" action="{}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">{}</form>',
        reverse("intake:language", args=[clinic.slug if clinic else "default"]),
        context["csrf_token"],  # the page's one token (Django's csrf context processor)
        request.get_full_path(),
        buttons,
    )
