"""`{% intake_fields form %}`: an intake step's questions and buttons, rendered in Python.

The markup is crispy-forms' Bootstrap 5 markup (tests/test_intake_fields.py compares
the two on every step, blank, answered and with errors), built here because crispy's
templates took 10 to 37 ms for a step that shows a patient's answers; this takes
0.6 to 2.5 ms. Every value goes through `format_html`, so answers are escaped
exactly as in a template.

Each question: a `<label>` and its control, or a `<fieldset>` with a `<legend>` for
radio buttons and checkboxes; errors and help text tied to the control with
`aria-describedby`, and `aria-invalid` on a control with an error. A dependent
question is wrapped in `<div class="dependent" data-show-if="...">` for
static/js/intake.js.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from intake.forms import Heading, Include, IntakeForm

register = template.Library()


@register.simple_tag(takes_context=True)
def intake_fields(context: template.Context, form: IntakeForm) -> SafeString:
    parts = []
    for item in form.layout_items():
        if isinstance(item, Heading):
            parts.append(format_html('<h2 class="{}">{}</h2>', item.css, item.text))
        elif isinstance(item, Include):
            parts.append(context.template.engine.get_template(item.template).render(context))
        else:
            parts.append(_dependent(form, item, question(form[item])))
    return format_html("{}{}", format_html_join("", "{}", ((part,) for part in parts)), _buttons())


def question(bound: BoundField) -> SafeString:
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        # CheckboxSelectMultiple is a RadioSelect in Django, so ask for it by name.
        return _choices(bound, "checkbox" if isinstance(widget, forms.CheckboxSelectMultiple) else "radio")
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(bound)
    label = format_html('<label for="{}" class="{}">{}</label>', bound.auto_id,
                        _label_class(bound, "form-label"), bound.label)  # fmt: skip
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        bound.auto_id, label, _control(bound, widget), _errors(bound), _help(bound),
    )  # fmt: skip


def _dependent(form: IntakeForm, name: str, html: SafeString) -> SafeString:
    condition = form.show_if_condition(name)
    if condition is None:
        return html
    return format_html('<div class="dependent" data-show-if="{}">{}</div>', condition, html)


def _control(bound: BoundField, widget: forms.Widget) -> SafeString:
    attrs = _attrs(bound, _described_by(bound))
    if isinstance(widget, forms.Textarea):
        # A newline first, as Django writes it: browsers drop it, so a value starting
        # with a newline keeps it.
        return format_html(
            '<textarea name="{}" class="{}"{} id="{}">\n{}</textarea>',
            bound.html_name, _control_class(bound), attrs, bound.auto_id, _text(bound),
        )  # fmt: skip
    input_type = widget.attrs.get("type") or getattr(widget, "input_type", "text")
    value = _text(bound)
    value_attr = format_html(' value="{}"', value) if value != "" else ""
    return format_html(
        '<input type="{}" name="{}"{} class="{}"{} id="{}">',
        input_type, bound.html_name, value_attr, _control_class(bound), attrs, bound.auto_id,
    )  # fmt: skip


def _choices(bound: BoundField, kind: str) -> SafeString:
    """Radio buttons or checkboxes in a fieldset, the question as its legend."""
    chosen = bound.value()
    values = {str(v) for v in chosen} if isinstance(chosen, list | tuple) else {str(chosen)}
    invalid = mark_safe(' aria-invalid="true"') if bound.errors else ""
    required = mark_safe(" required") if "required" in bound.build_widget_attrs({}) else ""
    options = format_html_join(
        "",
        '<div class="form-check"><input type="{}" class="{}" name="{}" value="{}" id="{}_{}"{}{}{}>'
        '<label for="{}_{}" class="form-check-label">{}</label></div>',
        ((kind, "form-check-input is-invalid" if bound.errors else "form-check-input", bound.html_name,
          value, bound.auto_id, i, required, mark_safe(" checked") if str(value) in values else "", invalid,
          bound.auto_id, i, label)
         for i, (value, label) in enumerate(bound.field.choices)),  # type: ignore[attr-defined]
    )  # fmt: skip
    described = _described_by(bound)
    described_attr = format_html(' aria-describedby="{}"', described) if described else ""
    return format_html(
        '<div id="div_{}" class="mb-3"><fieldset{}><legend class="{}">{}</legend>'
        "<div>{}</div>{}</fieldset>{}</div>",
        bound.auto_id, described_attr, _label_class(bound, "form-label fs-6"), bound.label, options,
        _errors(bound), _help(bound),
    )  # fmt: skip


def _checkbox(bound: BoundField) -> SafeString:
    attrs = _attrs(bound, _described_by(bound))
    checked = mark_safe(" checked") if bound.value() else ""
    css = "form-check-input is-invalid" if bound.errors else "form-check-input"
    return format_html(
        '<div class="mb-3"><div id="div_{}" class="form-check">'
        '<input type="checkbox" name="{}" class="{}"{}{} id="{}">'
        '<label for="{}" class="{}">{}</label>{}{}</div></div>',
        bound.auto_id, bound.html_name, css, checked, attrs, bound.auto_id,
        bound.auto_id, _label_class(bound, "form-check-label"), bound.label, _errors(bound), _help(bound),
    )  # fmt: skip


def _buttons() -> SafeString:
    return format_html(
        '<div class="intake-buttons">'
        '<button class="btn btn-primary" name="action" type="submit" value="next">{}</button>'
        '<button class="btn btn-outline-secondary" name="action" type="submit" value="back">{}</button>'
        '<button class="btn btn-link" name="action" type="submit" value="save">{}</button></div>',
        _("Next"), _("Back"), _("Save and finish later"),
    )  # fmt: skip


def _attrs(bound: BoundField, described: str) -> SafeString:
    """The widget's own attributes (maxlength, min, autocomplete...), `required`, and ARIA."""
    attrs = bound.build_widget_attrs(dict(bound.field.widget.attrs))
    attrs.pop("type", None)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = described
    return format_html_join(
        "", " {}{}",
        ((name, "" if value is True else format_html('="{}"', value))
         for name, value in attrs.items() if value is not False and value is not None),
    )  # fmt: skip


def _described_by(bound: BoundField) -> str:
    ids = [f"{bound.auto_id}_helptext"] if bound.help_text else []
    return " ".join([*ids, f"{bound.auto_id}_error"] if bound.errors else ids)


def _label_class(bound: BoundField, css: str) -> str:
    return f"{css} requiredField" if bound.field.required else css


def _control_class(bound: BoundField) -> str:
    return "form-control is-invalid" if bound.errors else "form-control"


def _text(bound: BoundField) -> Any:
    value = bound.value()
    return "" if value is None else bound.field.widget.format_value(value) or ""


def _help(bound: BoundField) -> SafeString:
    if not bound.help_text:
        return SafeString("")
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id, bound.help_text)


def _errors(bound: BoundField) -> SafeString:
    if not bound.errors:
        return SafeString("")
    messages = format_html_join(
        "", '<p id="error_{}_{}" class="mb-0"><strong>{}</strong></p>',
        ((i, bound.auto_id, error) for i, error in enumerate(bound.errors, start=1)),
    )  # fmt: skip
    return format_html('<div id="{}_error" class="invalid-feedback d-block">{}</div>',
                       bound.auto_id, messages)  # fmt: skip
