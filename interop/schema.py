"""JSON Schema (draft 2020-12) of the body of `POST /api/v1/intakes`, generated, never written.

The `case` part comes from `interop.catalogue` (so from `triage/case.py`'s field
names, allowed values and ranges), the `patient` part from `interop.forms.PatientForm`.
The schema describes the canonical spelling (lower-case values, nested objects);
the server's parser is slightly more forgiving (any letter case, dotted keys such
as `"trauma.occurred"`), so a body valid against the schema is always accepted.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.conf import settings

from interop import catalogue
from interop.catalogue import BOOLEAN, CHOICE, DECIMAL, INTEGER, OPEN_CHOICE, Field
from interop.forms import PatientForm
from triage.case import DATE_FIELDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
JSON_TYPES = {BOOLEAN: "boolean", INTEGER: "integer", DECIMAL: "number"}


def intake_schema() -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": f"{settings.SITE_URL}/api/v1/schema",
        "title": "Clinic intake API: body of POST /api/v1/intakes",
        "type": "object",
        "required": ["case", "patient"],
        "additionalProperties": False,
        "properties": {"case": case_schema(), "patient": patient_schema()},
    }


def case_schema() -> dict[str, Any]:
    """The canonical case: every field optional; null (or absent) means 'not answered'."""
    labels = {field.name: text for group in catalogue.groups() for field, text in group.fields}
    properties: dict[str, Any] = {}
    for field in catalogue.FIELDS.values():
        parent, dot, child = field.name.partition(".")
        name, bracket, _ = field.name.partition("[")
        described = {"title": labels.get(field.name, field.name), **value_schema(field)}
        if dot:
            nested = properties.setdefault(parent, nullable_object())
            nested["properties"][child] = described
        elif bracket:
            properties.setdefault(name, odi_array(field))
        else:
            properties[field.name] = described
    for name in DATE_FIELDS:
        properties[name] = {
            "type": ["string", "null"],
            "format": "date",
            "description": "With onset_date, the duration is counted from onset_date to intake_date.",
        }
    return {
        "type": "object",
        "description": "The canonical case of the clinical reference, section 4.",
        "additionalProperties": False,
        "properties": properties,
    }


def value_schema(field: Field) -> dict[str, Any]:
    if field.kind == CHOICE and field.repeats:
        return {"type": ["array", "null"], "items": {"enum": list(field.choices)}}
    if field.kind == CHOICE:
        return {"enum": [*field.choices, None]}
    if field.kind in JSON_TYPES:
        schema: dict[str, Any] = {"type": [JSON_TYPES[field.kind], "null"]}
        if field.minimum is not None:
            schema["minimum"] = field.minimum
        if field.maximum is not None:
            schema["maximum"] = field.maximum
        return schema
    schema = {"type": ["string", "null"], "maxLength": field.max_length}
    if field.kind == OPEN_CHOICE:
        schema["examples"] = list(field.choices)
    return schema


def nullable_object() -> dict[str, Any]:
    return {"type": ["object", "null"], "additionalProperties": False, "properties": {}}


def odi_array(section: Field) -> dict[str, Any]:
    count = sum(1 for name in catalogue.FIELDS if name.startswith("odi_sections["))
    return {
        "title": "Oswestry Disability Index v2.1a: section scores in section order",
        "type": ["array", "null"],
        "minItems": count,
        "maxItems": count,
        "items": value_schema(section),
    }


def patient_schema() -> dict[str, Any]:
    form = PatientForm()
    properties: dict[str, Any] = {}
    for name, field in form.fields.items():
        schema: dict[str, Any] = {"type": "string" if field.required else ["string", "null"]}
        if field.required:
            schema["minLength"] = 1
        if isinstance(field, django_forms.EmailField):
            schema["format"] = "email"
        if name == "date_of_birth":
            schema["format"] = "date"
        if getattr(field, "max_length", None):
            schema["maxLength"] = field.max_length  # type: ignore[attr-defined]
        properties[name] = schema
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, field in form.fields.items() if field.required],
        "properties": properties,
    }
