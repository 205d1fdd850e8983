import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "audit", "config", "intake", "interop", "triage")

# Template syntax that prints text unescaped. Also searched in Python: a template
# string built in code (a crispy HTML() object, Template(...)) is a template too.
TEMPLATE_BYPASS = re.compile(r"\|\s*safe(seq)?\b|\{%\s*autoescape\s+off\s*%\}|\{%\s*filter\s[^%]*\bsafe\b")
# Python that marks text as HTML, or registers a filter whose output skips escaping.
CODE_BYPASS = re.compile(
    r"\b(mark_safe|format_html|format_html_join|SafeString|SafeText|SafeData|html_safe)\b"
    r"|is_safe\s*=\s*True|needs_autoescape|autoescape\s*=\s*False"
)
# crispy-bootstrap5 prints help texts, button contents and legends with |safe and compiles
# HTML() as a template, so only literal text may go in: no f-strings, % or .format().
FORMATTED = r"""(f["']|[^)\n]*["']\)?\s*%\s*[\w({]|[^)\n]*\.format\()"""
CRISPY_BYPASS = re.compile(
    rf"\b(HTML|StrictButton|Button|Submit|Fieldset|Alert)\(\s*(_\(\s*)?{FORMATTED}"
    rf"|help_text\s*=\s*(_\(\s*)?{FORMATTED}"
    r"|\b(Template|from_string)\(\s*(?![\"'\s)])"
)

# Audited uses: (file, text on the line) -> why it is safe. A stale entry fails a test.
ALLOWED = {
    ("accounts/totp.py", "needs no `|safe` in the template"): (
        "a docstring saying the QR code is a data: URI precisely so the template needs no |safe"
    ),
    ("triage/templatetags/staff_forms.py", ""): (
        "builds field markup with format_html/format_html_join, which escape every value; mark_safe "
        "only wraps the literals ' selected' and ' checked' (tests/test_triage_staff_forms.py)"
    ),
    ("intake/templatetags/intake_fields.py", ""): (
        "builds the intake questions with format_html/format_html_join, which escape every value; "
        "mark_safe only wraps the literals ' checked', ' required' and ' aria-invalid=\"true\"' "
        "(tests/test_intake_fields.py)"
    ),
    ("intake/templatetags/language_switch.py", ""): (
        "builds the language form with format_html/format_html_join, which escape every value, "
        "the page path included (tests/test_security_attacks_intake.py)"
    ),
}


def project_files(pattern: str, folders: tuple[str, ...]) -> list[Path]:
    found = [path for folder in folders for path in (ROOT / folder).rglob(pattern)]
    return sorted(path for path in found if "migrations" not in path.parts)


def hits(pattern: re.Pattern[str], files: list[Path]) -> list[tuple[str, str]]:
    """(relative path, stripped line) for every line matching `pattern`, less the audited ones."""
    found = []
    for path in files:
        relative = str(path.relative_to(ROOT))
        for line in path.read_text(encoding="utf-8").splitlines():
            if pattern.search(line) and not any(relative == file and text in line for file, text in ALLOWED):
                found.append((relative, line.strip()))
    return found


def test_no_template_turns_off_escaping_or_marks_text_safe():
    templates = project_files("*.html", ("templates", *APPS)) + project_files("*.txt", ("templates",))

    assert len(templates) > 30
    assert hits(TEMPLATE_BYPASS, templates) == []


def test_no_app_code_marks_text_safe_or_holds_an_unescaped_template_string():
    code = project_files("*.py", APPS)

    assert hits(CODE_BYPASS, code) == []
    assert hits(TEMPLATE_BYPASS, code) == []


def test_crispy_layouts_help_texts_and_compiled_templates_hold_only_literal_text():
    assert hits(CRISPY_BYPASS, project_files("*.py", APPS)) == []


def test_every_audited_use_is_still_there():
    lines = {(f, t): (ROOT / f).read_text(encoding="utf-8") for f, t in ALLOWED}

    assert [entry for entry, text in lines.items() if entry[1] not in text] == []


@pytest.mark.parametrize(
    ("pattern", "line"),
    [
        (TEMPLATE_BYPASS, "{{ case.narrative|safe }}"),
        (TEMPLATE_BYPASS, "{{ case.narrative | safe }}"),
        (TEMPLATE_BYPASS, "{{ names|safeseq|join:', ' }}"),
        (TEMPLATE_BYPASS, "{% autoescape off %}{{ note.text }}{% endautoescape %}"),
        (TEMPLATE_BYPASS, "{% filter force_escape|safe %}"),
        (CODE_BYPASS, "return mark_safe(f'<b>{name}</b>')"),
        (CODE_BYPASS, "format_html('<b>{}</b>', name)"),
        (CODE_BYPASS, "return SafeString(text)"),
        (CODE_BYPASS, "@register.filter(is_safe=True)"),
        (CRISPY_BYPASS, 'HTML(f"<p>{case.patient_name}</p>")'),
        (CRISPY_BYPASS, "HTML('<p>%s</p>' % name)"),
        (CRISPY_BYPASS, 'StrictButton("Save {}".format(name))'),
        (CRISPY_BYPASS, 'help_text=f"Clinic {clinic.name}"'),
        (CRISPY_BYPASS, 'help_text=_("For %s") % clinic.name'),
        (CRISPY_BYPASS, "Template(request.POST['text'])"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_the_checks_catch_each_way_of_skipping_escaping(pattern, line):
    assert pattern.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "{{ note.text|linebreaksbr }}",
        "{{ case.patient_name }}",
        "HTML('{% include \"intake/_body_map.html\" %}')",
        "HTML('<h2 class=\"h5 mt-2\">{{ startback_intro }}</h2>')",
        'help_text=_("Optional. Up to 2,000 characters.")',
        'StrictButton(_("Next"), value="next")',
    ],
)
def test_the_checks_pass_escaped_output_and_literal_layouts(line):
    assert not any(pattern.search(line) for pattern in (TEMPLATE_BYPASS, CODE_BYPASS, CRISPY_BYPASS))
