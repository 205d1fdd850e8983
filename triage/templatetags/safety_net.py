"""`{% safety_net %}`: the safety-net advice of REFERENCE section 10, from one source.

Used by the receipt and by every page a patient may land on when something goes
wrong (rate limit, expired form, server error), so the wording lives only in
triage/patient_messages.py.
"""

from typing import Any

from django import template

from triage.patient_messages import SAFETY_NET, SAFETY_NET_FEVER, SAFETY_NET_INTRO

register = template.Library()


@register.inclusion_tag("_safety_net.html")
def safety_net() -> dict[str, Any]:
    return {"intro": SAFETY_NET_INTRO, "items": SAFETY_NET, "fever": SAFETY_NET_FEVER}
