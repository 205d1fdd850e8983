from django import forms
from django.template import Context, Template

PAYLOAD = '"><script>alert(1)</script>'


class ExampleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=[("agree", "Agree"), ("override", PAYLOAD)], widget=forms.RadioSelect)
    next_step = forms.ChoiceField(choices=[("", "Choose…"), ("call", "Call"), ("book", "Book")])
    note = forms.CharField(widget=forms.Textarea, help_text="Plain words only.")
    mine = forms.BooleanField(required=False, label="Assigned to me")
    received = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    weeks = forms.IntegerField(required=False, min_value=0, max_value=52)


def render(form, name):
    return Template("{% load staff_forms %}{% form_field field %}").render(Context({"field": form[name]}))


def test_a_select_marks_the_chosen_option():
    html = render(ExampleForm({"next_step": "book"}), "next_step")

    assert '<option value="book" selected>Book</option>' in html
    assert '<option value="call">Call</option>' in html
    assert '<label class="form-label" for="id_next_step">Next step</label>' in html


def test_typed_text_and_labels_are_escaped():
    form = ExampleForm({"note": PAYLOAD, "outcome": "override"})

    note, outcome = render(form, "note"), render(form, "outcome")

    assert "<script>" not in note + outcome
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in note
    assert "&lt;script&gt;" in outcome


def test_an_error_is_tied_to_its_control():
    form = ExampleForm({"next_step": "nonsense"})
    form.is_valid()

    html = render(form, "next_step")

    assert 'aria-describedby="id_next_step-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_next_step-error"' in html
    assert "is-invalid" in html


def test_help_text_is_tied_to_its_control():
    html = render(ExampleForm(), "note")

    assert 'aria-describedby="id_note-help"' in html
    assert '<div class="form-text" id="id_note-help">Plain words only.</div>' in html


def test_hidden_checkbox_radio_and_date_inputs_render_their_values():
    form = ExampleForm({"version": "7", "mine": "on", "outcome": "agree", "received": "2026-11-27"})

    assert render(form, "version") == '<input type="hidden" name="version" value="7">'
    assert 'type="checkbox"' in render(form, "mine") and " checked" in render(form, "mine")
    assert 'value="agree" checked' in render(form, "outcome")
    assert 'type="date"' in render(form, "received") and 'value="2026-11-27"' in render(form, "received")


def test_a_zero_bound_is_written_like_any_other():
    html = render(ExampleForm(), "weeks")

    assert 'min="0"' in html and 'max="52"' in html
