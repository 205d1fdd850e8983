"""`{% form_field bound_field %}`: one form field as Bootstrap 5 markup, rendered in Python.

The dashboard's hot pages (the queue and the case page) render about a dozen form
fields each. Through crispy-forms or Django's widget templates that took 5 to 9 ms
per page, the largest share of their cost; this tag does the same markup in well
under a millisecond (the intake steps have their own, intake_fields). Every value goes through
`format_html`, so user input is escaped exactly as in a template.

It covers the widgets the dashboard uses: hidden, checkbox, select, radio, textarea
and plain inputs (text, date, number, search, e-mail). Errors and help text are tied
to the control with `aria-describedby`, and an invalid control has `aria-invalid`.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def form_field(bound: BoundField, css: str = "mb-3") -> SafeString:
    widget = bound.field.widget
    if isinstance(widget, forms.HiddenInput):
        return format_html('<input type="hidden" name="{}" value="{}">', bound.html_name, _text(bound))
    described = [f"{bound.auto_id}-help"] if bound.help_text else []
    if bound.errors:
        described.append(f"{bound.auto_id}-error")
    attrs = _attrs(bound, described)
    if isinstance(widget, forms.CheckboxInput):
        checked = " checked" if bound.value() else ""
        control = format_html(
            '<input type="checkbox" class="form-check-input" name="{}" id="{}"{}{}>',
            bound.html_name, bound.auto_id, attrs, mark_safe(checked),  # noqa: S308 - a literal
        )  # fmt: skip
        body = format_html(
            '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>',
            control, bound.auto_id, bound.label,
        )  # fmt: skip
    elif isinstance(widget, forms.RadioSelect):
        body = _radios(bound, attrs)
    else:
        body = format_html('<label class="form-label" for="{}">{}</label>{}', bound.auto_id, bound.label,
                           _control(bound, widget, attrs))  # fmt: skip
    return format_html('<div class="{}">{}{}{}</div>', css, body, _help(bound), _errors(bound))


def _attrs(bound: BoundField, described: list[str]) -> SafeString:
    attrs = bound.build_widget_attrs(dict(bound.field.widget.attrs))
    attrs.pop("type", None)
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    pairs = [(name, value) for name, value in attrs.items() if value is not False and value is not None]
    return format_html_join("", ' {}="{}"', ((name, "" if value is True else value) for name, value in pairs))


def _control(bound: BoundField, widget: forms.Widget, attrs: SafeString) -> SafeString:
    invalid = " is-invalid" if bound.errors else ""
    if isinstance(widget, forms.Select):
        selected = {str(v) for v in (bound.value() if isinstance(bound.value(), list) else [bound.value()])}
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((value, mark_safe(" selected") if str(value) in selected else "", label)
             for value, label in bound.field.choices),  # type: ignore[attr-defined]
        )  # fmt: skip
        return format_html('<select class="form-select{}" name="{}" id="{}"{}>{}</select>',
                           invalid, bound.html_name, bound.auto_id, attrs, options)  # fmt: skip
    if isinstance(widget, forms.Textarea):
        return format_html('<textarea class="form-control{}" name="{}" id="{}" rows="3"{}>{}</textarea>',
                           invalid, bound.html_name, bound.auto_id, attrs, _text(bound))  # fmt: skip
    input_type = widget.attrs.get("type") or getattr(widget, "input_type", "text")
    return format_html('<input type="{}" class="form-control{}" name="{}" id="{}" value="{}"{}>',
                       input_type, invalid, bound.html_name, bound.auto_id, _text(bound), attrs)  # fmt: skip


def _radios(bound: BoundField, attrs: SafeString) -> SafeString:
    value = str(bound.value())
    choices = format_html_join(
        "",
        '<div class="form-check"><input type="radio" class="form-check-input" name="{}" id="{}_{}" '
        'value="{}"{}{}><label class="form-check-label" for="{}_{}">{}</label></div>',
        ((bound.html_name, bound.auto_id, i, choice, mark_safe(" checked") if str(choice) == value else "",
          attrs, bound.auto_id, i, label)
         for i, (choice, label) in enumerate(bound.field.choices)),  # type: ignore[attr-defined]
    )  # fmt: skip
    return format_html(
        '<fieldset><legend class="form-label fs-6">{}</legend>{}</fieldset>', bound.label, choices
    )


def _text(bound: BoundField) -> Any:
    value = bound.value()
    return "" if value is None else bound.field.widget.format_value(value) or ""


def _help(bound: BoundField) -> SafeString:
    if not bound.help_text:
        return SafeString("")
    return format_html('<div class="form-text" id="{}-help">{}</div>', bound.auto_id, bound.help_text)


def _errors(bound: BoundField) -> SafeString:
    if not bound.errors:
        return SafeString("")
    return format_html('<div class="invalid-feedback d-block" id="{}-error">{}</div>', bound.auto_id,
                       " ".join(str(error) for error in bound.errors))  # fmt: skip
