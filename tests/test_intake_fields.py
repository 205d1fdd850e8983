"""`{% intake_fields %}` (intake/templatetags/intake_fields.py) against crispy-forms.

crispy-forms' Bootstrap 5 pack is the reference: on every step, blank, answered and with
errors, both must give the same controls with the same attributes, the same labels,
legends, headings, help texts and error messages, tied together the same way. Only
crispy's decorations (per-widget class names, the hidden asterisk, wrapper divs and
where inside a fieldset an error sits) may differ.
"""

from html.parser import HTMLParser

import pytest
from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django.template import engines
from django.test import RequestFactory

from intake.forms import FORMS, Heading, Include, IntakeForm
from tests.intake_steps import STEP_DATA, step_data

# crispy's per-widget class names, and layout classes that only place a message
IGNORED_CLASSES = {"textinput", "numberinput", "dateinput", "emailinput", "textarea", "checkboxinput"} | {
    "btn", "d-block", "mb-0",
}  # fmt: skip
TEXT_TAGS = {"label", "legend", "h2", "button"}


class Shape(HTMLParser):
    """What a page says and how its controls are tied together, without decoration."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple] = []
        self.open: list[tuple[str, str | None, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        classes = set((attributes.pop("class", None) or "").split()) - IGNORED_CLASSES
        key = attributes.get("id") or ""
        if tag in ("input", "textarea", "button", "fieldset") or "dependent" in classes:
            self.records.append((tag, tuple(sorted(attributes.items())), tuple(sorted(classes))))
        elif tag == "div" and key.startswith("div_"):
            self.records.append((tag, key, tuple(sorted(classes))))
        captured = tag in TEXT_TAGS or key.startswith("error_") or key.endswith("_helptext")
        if tag not in ("input", "br"):
            self.open.append((tag, f"{tag}#{key}" if captured else None, []))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, captured, text = self.open.pop()
            if captured:
                words = " ".join("".join(text).replace("*", "").split())
                self.records.append(("text", captured.replace("span#", "p#"), words))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        for _tag, captured, text in self.open:
            if captured:
                text.append(data)


def shape(html: str) -> list[str]:
    parser = Shape()
    parser.feed(html)
    return sorted(repr(record) for record in parser.records)


def crispy_layout(form: IntakeForm) -> Layout:
    """The step as the crispy layout it used to be."""
    items = []
    for item in form.layout_items():
        if isinstance(item, Heading):
            items.append(HTML(f'<h2 class="{item.css}">{item.text}</h2>'))
        elif isinstance(item, Include):
            items.append(HTML(f'{{% include "{item.template}" %}}'))
        elif (condition := form.show_if_condition(item)) is not None:
            items.append(Div(Field(item), css_class="dependent", data_show_if=condition))
        else:
            items.append(Field(item))
    submit = {"type": "submit", "name": "action"}
    buttons = Div(
        StrictButton("Next", value="next", css_class="btn btn-primary", **submit),
        StrictButton("Back", value="back", css_class="btn btn-outline-secondary", **submit),
        StrictButton("Save and finish later", value="save", css_class="btn btn-link", **submit),
        css_class="intake-buttons",
    )
    return Layout(*items, buttons)


def both(form: IntakeForm) -> tuple[str, str]:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = crispy_layout(form)
    engine = engines["django"]
    request = RequestFactory().get("/")
    context = {"form": form, "helper": helper}
    ours = engine.from_string("{% load intake_fields %}{% intake_fields form %}")
    theirs = engine.from_string("{% load crispy_forms_tags %}{% crispy form helper %}")
    return ours.render(context, request), theirs.render(context, request)


INVALID = {
    "about": {"name": "", "sex": "", "email": "not-an-address", "consent": ""},
    "back-pain": {"pain_now": "11", "onset_known": "ago", "onset_ago_number": "-1", "pain_location": []},
    "legs": {"leg_pain": ""},
    "warning-signs": {"saddle_anesthesia": ""},
    "history": {"cancer_history": "", "prior_spine_surgery": "yes", "surgery_years_ago": "abc"},
    "questionnaires": {"q1_leg_pain": "", "odi_1": "nonsense"},
}


@pytest.mark.parametrize("step", list(STEP_DATA))
@pytest.mark.parametrize("state", ["blank", "answered", "with errors"])
def test_a_step_says_and_ties_together_what_crispy_forms_would(step, state):
    form_class = FORMS[step]
    if state == "blank":
        form = form_class(initial={"language": "en"} if step == "about" else {})
    else:
        form = form_class(data=step_data(step, **(INVALID[step] if state == "with errors" else {})))
        assert form.is_valid() is (state == "answered")

    ours, theirs = both(form)

    assert shape(ours) == shape(theirs)


def test_the_shape_sees_a_missing_error_message():
    form = FORMS["back-pain"](data=step_data("back-pain", pain_now="11"))
    form.is_valid()
    ours, theirs = both(form)

    assert shape(ours.replace("Enter a whole number", "Type a number")) != shape(theirs)


def test_an_answer_is_escaped():
    form = FORMS["back-pain"](data=step_data("back-pain", narrative='</textarea><script>alert("x")</script>'))
    form.is_valid()

    ours, _theirs = both(form)

    assert "<script>" not in ours
    assert "&lt;/textarea&gt;&lt;script&gt;" in ours
