import gzip
import secrets
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from intake.models import Draft, Submission
from tests.attack_support import FOREIGN_ORIGINS, PAYLOADS, csrf_token, shown_literally
from tests.factories import make_clinic
from tests.intake_steps import STEP_DATA, browser_draft, step_data
from tests.test_intake_views import answer_all, begin, post_step, save_for_later, submit

pytestmark = pytest.mark.django_db

STEPS = list(STEP_DATA)
FORM_BODY = "application/x-www-form-urlencoded"
# What a forged form might add to look like staff, another clinic or a finished triage.
EXTRA_FIELDS = {
    "clinic": "south",
    "clinic_id": "2",
    "status": "reviewed",
    "category": "non_specific",
    "urgency": "routine",
    "urgency_rank": "3",
    "red_flag": "false",
    "triage": "low",
    "triage_failed": "true",
    "result": '{"urgency": "routine", "flags": []}',
    "reference": "AAAA-AAAA",
    "source": "api",
    "assignee": "1",
    "is_staff": "1",
    "is_superuser": "1",
}


@pytest.fixture
def clinic():
    return make_clinic("demo", emergency_number="112")


def csrf_browser() -> tuple[Client, str]:
    """A client that checks CSRF as a browser session would, and the token of its start page."""
    browser = Client(enforce_csrf_checks=True)
    return browser, csrf_token(browser.get("/intake/demo/"))


def fill_in_with_token(browser: Client, token: str) -> Draft:
    browser.post("/intake/demo/begin/", {"csrfmiddlewaretoken": token})
    for step in STEPS:
        browser.post(
            f"/intake/demo/{step}/", {**step_data(step), "action": "next", "csrfmiddlewaretoken": token}
        )
    return browser_draft(browser)


def drafts_and_submissions() -> tuple[list[dict], int]:
    drafts = list(Draft.objects.values("id", "answers", "language", "resume_token_hash").order_by("id"))
    return drafts, Submission.objects.count()


# --- 1, 2: CSRF and foreign origins ---


def test_a_final_submit_without_a_csrf_token_is_refused_and_stores_nothing(clinic):
    browser, token = csrf_browser()
    draft = fill_in_with_token(browser, token)

    response = browser.post("/intake/demo/submit/", {"idempotency_key": draft.idempotency_key})

    assert response.status_code == 403
    assert "This page has expired" in response.text
    assert not Submission.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    "path", ["begin/", "language/", "saved/new-link/", "submit/", *[f"{s}/" for s in STEPS]]
)
def test_every_intake_post_without_a_csrf_token_is_refused_and_changes_nothing(clinic, path):
    browser, token = csrf_browser()
    draft = fill_in_with_token(browser, token)
    before = drafts_and_submissions()
    data = {**STEP_DATA.get(path.strip("/"), {}), "name": "Changed", "action": "save", "language": "es"}

    response = browser.post(f"/intake/demo/{path}", {**data, "idempotency_key": draft.idempotency_key})

    assert response.status_code == 403
    assert drafts_and_submissions() == before
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_csrf_token_from_another_browser_is_refused(clinic):
    _, other_token = csrf_browser()
    browser, token = csrf_browser()
    draft = fill_in_with_token(browser, token)

    response = browser.post(
        "/intake/demo/submit/", {"idempotency_key": draft.idempotency_key, "csrfmiddlewaretoken": other_token}
    )

    assert response.status_code == 403
    assert not Submission.objects.exists()


@pytest.mark.parametrize("origin", FOREIGN_ORIGINS)
def test_a_submit_from_a_foreign_origin_is_refused_even_with_a_valid_token(clinic, origin):
    browser, token = csrf_browser()
    draft = fill_in_with_token(browser, token)

    response = browser.post(
        "/intake/demo/submit/",
        {"idempotency_key": draft.idempotency_key, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=origin,
    )

    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_the_same_browser_with_its_own_token_and_origin_submits(clinic):
    browser, token = csrf_browser()
    draft = fill_in_with_token(browser, token)

    response = browser.post(
        "/intake/demo/submit/",
        {"idempotency_key": draft.idempotency_key, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 303
    assert Submission.objects.count() == 1


# --- 6: mass assignment ---


def test_extra_fields_on_every_step_and_the_submit_are_ignored_and_triage_is_computed_on_the_server(
    client, clinic
):
    other = make_clinic("south")
    extras = {**EXTRA_FIELDS, "clinic_id": str(other.pk)}
    draft = begin(client, clinic)
    answer_all(client, **{step.replace("-", "_"): extras for step in STEPS if step != "warning-signs"})
    post_step(client, "warning-signs", saddle_anesthesia="yes", **extras)

    client.post("/intake/demo/submit/", {"idempotency_key": draft.idempotency_key, **extras})

    submission = Submission.objects.get()
    stored_keys = {key for answers in submission.answers.values() for key in answers}
    assert submission.clinic == clinic
    assert (submission.status, submission.source, submission.urgency) == ("new", "web", "emergency")
    assert "cauda_equina_suspected" in submission.result["flags"]
    assert submission.reference != "AAAA-AAAA" and submission.assignee is None
    assert not stored_keys & set(EXTRA_FIELDS)
    assert not get_user_model().objects.exists()


# --- 7: numeric abuse ---

NUMBER_FIELDS = [
    ("back-pain", "pain_now", {}),
    ("back-pain", "onset_ago_number", {}),
    ("history", "care_weeks", {}),
    ("history", "surgery_years_ago", {"prior_spine_surgery": "yes", "new_or_worsening_since_surgery": "no"}),
]
ABUSIVE_NUMBERS = ["-1", "1e309", "NaN", "sNaN", "Infinity", "-Infinity", "0x10", "9" * 400]


@pytest.mark.parametrize("value", ABUSIVE_NUMBERS)
@pytest.mark.parametrize(("step", "field", "context"), NUMBER_FIELDS, ids=[f[1] for f in NUMBER_FIELDS])
def test_abusive_numbers_get_a_message_on_the_field_and_nothing_is_saved(
    client, clinic, step, field, context, value
):
    draft = begin(client, clinic)

    response = post_step(client, step, **context, **{field: value})

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    draft.refresh_from_db()
    assert step not in draft.answers


@pytest.mark.parametrize("value", ["11", "10.5", "1e1", "", " "])
def test_pain_scores_outside_0_to_10_are_refused_with_the_range(client, clinic, value):
    draft = begin(client, clinic)

    response = post_step(client, "back-pain", pain_now=value)

    assert "Enter a whole number from 0 to 10." in response.text
    draft.refresh_from_db()
    assert "back-pain" not in draft.answers


@pytest.mark.parametrize(("typed", "number"), [("١٠", 10), ("٣", 3), ("１０", 10)])
def test_digits_of_other_scripts_are_read_as_the_number_they_write(client, clinic, typed, number):
    draft = begin(client, clinic)

    post_step(client, "back-pain", pain_now=typed)

    draft.refresh_from_db()
    assert draft.answers["back-pain"]["pain_now"] == number


def test_a_birth_date_that_gives_age_200_is_refused(client, clinic):
    born = timezone.localdate().replace(year=timezone.localdate().year - 200)
    draft = begin(client, clinic)

    response = post_step(client, "about", date_of_birth=born.isoformat())

    assert "this date gives an age over 120" in response.text
    draft.refresh_from_db()
    assert "about" not in draft.answers


@pytest.mark.parametrize(
    "born", ["0000-01-01", "10000-01-01", "2024-02-30", "1990-01-01T00:00", "-1990-01-01"]
)
def test_impossible_birth_dates_are_refused_with_the_format(client, clinic, born):
    begin(client, clinic)

    response = post_step(client, "about", date_of_birth=born)

    assert response.status_code == 200
    assert "Enter a real date" in response.text


def test_a_birth_date_of_today_is_stored_as_age_0_not_refused_with_a_500(client, clinic):
    draft = begin(client, clinic)
    answer_all(client, about={"date_of_birth": timezone.localdate().isoformat()})

    response = submit(client, draft)

    assert response.status_code == 303
    assert Submission.objects.get().case["age"] == 0


# --- 8: parameter pollution ---


@pytest.mark.parametrize(
    ("step", "field", "values", "stored"),
    [
        ("back-pain", "pain_now", ["3", "9"], 9),
        ("warning-signs", "saddle_anesthesia", ["no", "yes"], "yes"),
        ("about", "sex", ["male", "female", "male"], "male"),
    ],
)
def test_a_repeated_field_is_read_as_its_last_value(client, clinic, step, field, values, stored):
    draft = begin(client, clinic)

    post_step(client, step, **{field: values})

    draft.refresh_from_db()
    assert draft.answers[step][field] == stored


def test_array_style_names_are_unknown_fields_not_answers(client, clinic):
    draft = begin(client, clinic)
    data = {**step_data("about", name=None), "name[]": "Sam", "name[0]": "Sam", "action": "next"}

    response = client.post("/intake/demo/about/", data)

    assert response.status_code == 200
    assert 'id="id_name_error"' in response.text
    draft.refresh_from_db()
    assert "about" not in draft.answers


def test_a_repeated_idempotency_key_still_gives_exactly_one_submission(client, clinic):
    draft = begin(client, clinic)
    answer_all(client)

    client.post("/intake/demo/submit/", {"idempotency_key": [draft.idempotency_key, "forged-key"]})
    client.post("/intake/demo/submit/", {"idempotency_key": ["forged-key", draft.idempotency_key]})

    assert Submission.objects.count() == 1


# --- 9, 13: wrong content types and compressed bodies ---


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ('{"name": "Sam", "consent": "on"}', {"content_type": "application/json"}),
        ("name=Sam&consent=on", {"content_type": "text/plain"}),
        (
            gzip.compress(b"name=Sam&consent=on&" * 500_000, mtime=0),
            {"content_type": FORM_BODY, "HTTP_CONTENT_ENCODING": "gzip"},
        ),
    ],
    ids=["json", "text", "gzip-bomb"],
)
def test_a_step_body_in_another_format_is_not_read_and_saves_nothing(client, clinic, body, headers):
    draft = begin(client, clinic)

    response = client.post("/intake/demo/about/", body, **headers)

    assert response.status_code == 200
    assert 'id="error-summary"' in response.text
    draft.refresh_from_db()
    assert "about" not in draft.answers


def test_a_multipart_body_without_a_boundary_gets_400(client, clinic):
    begin(client, clinic)

    response = client.post("/intake/demo/about/", b"name=Sam", content_type="multipart/form-data")

    assert response.status_code == 400


def test_more_files_than_the_limit_get_400(client, clinic):
    draft = begin(client, clinic)
    files = {f"file{n}": SimpleUploadedFile(f"{n}.txt", b"x") for n in range(11)}

    response = client.post("/intake/demo/about/", {**step_data("about"), "action": "next", **files})

    assert response.status_code == 400
    draft.refresh_from_db()
    assert "about" not in draft.answers


# --- 10, 11: NUL bytes, broken UTF-8, invisible and combining characters ---


@pytest.mark.parametrize(
    "path",
    ["/intake/demo/resume/%00/", "/intake/demo/%00/", "/intake/%00/", "/intake/demo/about/?return=%00"],
)
def test_nul_bytes_in_the_url_never_give_a_500(client, clinic, path):
    begin(client, clinic)

    response = client.get(path)

    assert response.status_code in (200, 303, 404)


@pytest.mark.parametrize(
    "raw", [b"%FF%FE", b"%ED%A0%80", b"%C0%AF"], ids=["invalid", "surrogate", "overlong"]
)
def test_invalid_utf8_is_stored_as_replacement_characters_not_a_500(client, clinic, raw):
    draft = begin(client, clinic)
    body = b"pain_now=4&pain_location=lower_back&narrative=ok" + raw + b"&action=save"

    response = client.post("/intake/demo/back-pain/", body, content_type=FORM_BODY)

    assert response.status_code == 303
    draft.refresh_from_db()
    narrative = draft.answers["_raw"]["back-pain"]["narrative"]
    assert narrative.startswith("ok\ufffd") and not any("\ud800" <= c <= "\udfff" for c in narrative)


def test_a_right_to_left_override_is_dropped_from_names_and_narratives(client, clinic):
    draft = begin(client, clinic)

    post_step(client, "about", name="Ana\u202eairaM\u202c")
    post_step(client, "back-pain", narrative="since \u2066Monday\u2069, \u202bworse\u202c")

    draft.refresh_from_db()
    assert draft.answers["about"]["name"] == "AnaairaM"
    assert draft.answers["back-pain"]["narrative"] == "since Monday, worse"


def test_an_override_typed_on_a_step_left_with_back_is_dropped_too(client, clinic):
    draft = begin(client, clinic)

    post_step(client, "back-pain", action="back", narrative="x\u202e54", pain_now="99")

    draft.refresh_from_db()
    assert draft.answers["_raw"]["back-pain"]["narrative"] == "x54"


def test_joiners_in_emoji_and_names_are_kept_as_typed(client, clinic):
    name = "Ana 👩‍👩‍👧 می‌خواهم"
    draft = begin(client, clinic)

    post_step(client, "about", name=name)

    draft.refresh_from_db()
    assert draft.answers["about"]["name"] == name


def test_ten_thousand_combining_marks_are_refused_with_their_count(client, clinic):
    draft = begin(client, clinic)

    response = post_step(client, "back-pain", narrative="a" + "\u0301" * 10_000)

    assert "Shorten this to 2000 characters or fewer (it has 10001)." in response.text
    draft.refresh_from_db()
    assert "back-pain" not in draft.answers


@pytest.mark.parametrize("character", ["\u0301", "😀", "é", "中"])
def test_length_limits_count_characters_not_bytes(client, clinic, character):
    draft = begin(client, clinic)
    answer_all(client, about={"name": character * 200}, back_pain={"narrative": "a" + character * 1999})

    submit(client, draft)

    submission = Submission.objects.get()
    assert submission.patient_name == character * 200
    assert submission.case["narrative"] == "a" + character * 1999


# --- 12: oversized bodies and too many fields ---


@pytest.mark.parametrize(
    "body",
    [
        "narrative=" + "x" * 1024 * 1024,
        "narrative=x&pad=" + "x" * 300_000,
        "&".join(f"f{n}=1" for n in range(2000)),
    ],
    ids=["1 MB in one field", "300 KB body", "2000 fields"],
)
def test_an_oversized_step_gets_400_and_saves_nothing(client, clinic, body):
    draft = begin(client, clinic)

    response = client.post("/intake/demo/back-pain/", body, content_type=FORM_BODY)

    assert response.status_code == 400
    draft.refresh_from_db()
    assert "back-pain" not in draft.answers and "_raw" not in draft.answers


def test_an_oversized_final_submit_gets_400_and_stores_nothing(client, clinic):
    draft = begin(client, clinic)
    answer_all(client)

    response = client.post(
        "/intake/demo/submit/", f"idempotency_key={draft.idempotency_key}&pad=" + "x" * 300_000, FORM_BODY
    )

    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_a_long_text_under_the_body_limit_gets_a_length_message(client, clinic):
    begin(client, clinic)

    response = post_step(client, "back-pain", narrative="x" * 100_000)

    assert response.status_code == 200
    assert "Shorten this to 2000 characters or fewer (it has 100000)." in response.text


# --- 15, 16, 17: markup, SQL and template text typed by a patient ---


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_stored_exactly_and_shown_literally_on_the_review_page(client, clinic, payload):
    draft = begin(client, clinic)
    answer_all(
        client,
        about={"name": payload},
        back_pain={"narrative": payload},
        history={"cancer_history": "yes", "cancer_type": payload},
    )

    review = client.get("/intake/demo/review/").text
    started = time.monotonic()
    submit(client, draft)
    elapsed = time.monotonic() - started

    submission = Submission.objects.get()
    assert shown_literally(review, payload)
    assert settings.SECRET_KEY not in review
    assert (
        submission.patient_name == submission.case["narrative"] == submission.case["cancer_type"] == payload
    )
    assert elapsed < 2


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_a_step_shown_again_with_errors_are_escaped(client, clinic, payload):
    begin(client, clinic)

    response = post_step(client, "about", name=payload, date_of_birth="not a date")

    assert 'id="error-summary"' in response.text
    assert shown_literally(response.text, payload)


# --- 20: Host header ---


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/intake/demo/", {}),
        ("post", "/intake/demo/begin/", {}),
        ("post", "/intake/demo/back-pain/", {**STEP_DATA["back-pain"], "action": "save"}),
    ],
)
def test_a_foreign_host_header_gets_400_and_changes_nothing(client, clinic, method, path, data):
    begin(client, clinic)
    before = drafts_and_submissions()

    response = getattr(client, method)(path, data, HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert drafts_and_submissions() == before


def test_the_resume_link_is_never_built_or_emailed_from_a_foreign_host(client, clinic):
    begin(client, clinic)
    post_step(client, "about")
    post_step(client, "back-pain", action="save")

    response = client.get("/intake/demo/saved/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert mail.outbox == []


# --- 23: methods a POST-only endpoint does not take ---


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "TRACE"])
@pytest.mark.parametrize("path", ["begin/", "submit/", "language/?language=es", "saved/new-link/"])
def test_post_only_intake_endpoints_answer_405_to_other_methods_and_change_nothing(
    client, clinic, method, path
):
    draft = begin(client, clinic)
    answer_all(client)
    client.post("/intake/demo/back-pain/", {**STEP_DATA["back-pain"], "action": "save"})
    before = drafts_and_submissions()

    response = client.generic(method, f"/intake/demo/{path}", f"idempotency_key={draft.idempotency_key}")

    assert response.status_code == 405
    assert drafts_and_submissions() == before
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "TRACE"])
@pytest.mark.parametrize("path", ["", "about/", "review/", "receipt/", "emergency/"])
def test_intake_pages_answer_405_to_methods_they_do_not_take(client, clinic, method, path):
    begin(client, clinic)
    answer_all(client)
    before = drafts_and_submissions()

    response = client.generic(method, f"/intake/demo/{path}")

    assert response.status_code == 405
    assert drafts_and_submissions() == before


# --- 24, 25: guessing receipts, drafts and resume links ---


def test_guessed_idempotency_keys_open_no_receipt(client, clinic):
    patient = Client()
    draft = begin(patient, clinic)
    answer_all(patient)
    submit(patient, draft)
    guesses = [
        "1",
        "0001",
        "key-0",
        draft.idempotency_key[:-1],
        *(secrets.token_urlsafe(32) for _ in range(5)),
    ]

    responses = [client.post("/intake/demo/submit/", {"idempotency_key": guess}) for guess in guesses]
    receipt = client.get("/intake/demo/receipt/")

    assert {r["Location"] for r in responses} == {"/intake/demo/"}
    assert receipt.status_code == 303 and receipt["Location"] == "/intake/demo/"
    assert Submission.objects.count() == 1


def test_the_intake_cookie_holds_neither_the_draft_id_nor_any_answer(client, clinic):
    draft = begin(client, clinic)
    answer_all(client)

    cookie = client.cookies[settings.INTAKE_COOKIE_NAME].value

    assert str(draft.pk) not in cookie and draft.pk.hex not in cookie
    assert "Sam" not in cookie and draft.idempotency_key not in cookie


def test_a_resume_link_works_only_at_its_own_clinic(client, clinic):
    make_clinic("south")
    link = save_for_later(client, clinic)
    elsewhere = link.replace("/intake/demo/", "/intake/south/")

    refused = Client().get(elsewhere, follow=True)
    accepted = Client().get(link)

    assert refused.status_code == 410
    assert "Sam" not in refused.text
    assert accepted.status_code == 303 and accepted["Location"] == "/intake/demo/legs/"


def test_a_resume_link_cannot_reopen_a_submitted_intake(client, clinic):
    link = save_for_later(client, clinic)
    answer_all(client)
    submit(client, Draft.objects.get())

    response = Client().get(link, follow=True)

    assert response.status_code == 410
    assert "Sam" not in response.text and "sock" not in response.text


# --- 26, 28: every patient page refuses framing and caching ---


def test_every_patient_page_forbids_framing_caching_and_sniffing(client, clinic):
    link = save_for_later(client, clinic)
    begin(client, clinic)
    pages = [client.get(f"/intake/demo/{step}/") for step in STEPS]
    answer_all(client, warning_signs={"saddle_anesthesia": "yes"})
    pages += [client.get(f"/intake/demo/{page}/") for page in ("", "review", "emergency")]
    client.get(submit(client, Draft.objects.get())["Location"])
    pages += [
        client.get("/intake/demo/receipt/"),
        Client().get(link, follow=True),
        client.get("/intake/nowhere/"),
    ]

    statuses = {response.status_code for response in pages}
    headers = {(r["X-Frame-Options"], r["Cache-Control"], r["X-Content-Type-Options"]) for r in pages}
    assert statuses == {200, 404, 410}
    assert headers == {("DENY", "no-store", "nosniff")}
    assert all("frame-ancestors 'none'" in response["Content-Security-Policy"] for response in pages)


# --- 48 on the patient side: the language switch's `next` ---


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_the_language_switch_never_redirects_to_another_site(client, clinic, next_url):
    response = client.post("/intake/demo/language/", {"language": "es", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_language_switch_ignores_a_foreign_referer(client, clinic):
    response = client.post("/intake/demo/language/", {"language": "es"}, HTTP_REFERER="https://evil.example/")

    assert response["Location"] == "/"


def test_the_language_switch_returns_to_the_page_on_this_site(client, clinic):
    response = client.post(
        "/intake/demo/language/", {"language": "es", "next": "/intake/demo/about/?return=review"}
    )

    assert response["Location"] == "/intake/demo/about/?return=review"


# --- 45, 50: session fixation on the patient side, and plain HTTP ---


def test_an_intake_cookie_planted_before_the_intake_starts_never_sees_the_answers(client, clinic):
    attacker = Client()
    begin(attacker, clinic)
    planted = attacker.cookies[settings.INTAKE_COOKIE_NAME].value
    client.cookies[settings.INTAKE_COOKIE_NAME] = planted

    begin(client, clinic)
    post_step(client, "about")

    assert client.cookies[settings.INTAKE_COOKIE_NAME].value != planted
    assert attacker.get("/intake/demo/review/")["Location"] == "/intake/demo/"
    assert "Sam" not in attacker.get("/intake/demo/about/", follow=True).text


def test_a_forged_intake_cookie_opens_nothing(client, clinic):
    begin(client, clinic)
    post_step(client, "about")
    value = client.cookies[settings.INTAKE_COOKIE_NAME].value
    token, rest = value.split(".", 1)
    client.cookies[settings.INTAKE_COOKIE_NAME] = "A" * len(token) + "." + rest  # signature no longer matches

    response = client.get("/intake/demo/about/")

    assert response.status_code == 303 and response["Location"] == "/intake/demo/"


def test_a_plain_http_request_is_sent_to_https_in_the_production_profile(client, clinic, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/intake/demo/about/?return=review")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/intake/demo/about/?return=review"


# --- 15 reflected, and D-6: nothing echoes a query string as markup, nothing serves the source ---


@pytest.mark.parametrize("url", ["/intake/demo/about/?return=", "/?next=", "/accounts/login/?next=", "/?x="])
@pytest.mark.parametrize("payload", PAYLOADS[:3])
def test_markup_in_the_query_string_is_never_reflected_as_markup(client, clinic, url, payload):
    begin(client, clinic)

    response = client.get(url + quote(payload))

    assert response.status_code == 200
    assert payload not in response.text


@pytest.mark.parametrize(
    "path",
    ["/.git/config", "/.env", "/static/../config/settings.py", "/static/%2e%2e/manage.py", "/db.sqlite3"],
)
def test_source_control_settings_and_database_files_are_never_served(client, clinic, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b"SECRET_KEY" not in response.content and b"[core]" not in response.content


def test_a_session_id_planted_before_submitting_never_sees_the_receipt(client, clinic):
    attacker = Client()
    attacker.get("/intake/demo/")
    attacker.session.save()  # an empty session of the attacker's own
    planted = attacker.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies[settings.SESSION_COOKIE_NAME] = planted

    draft = begin(client, clinic)
    answer_all(client)
    client.post("/intake/demo/submit/", {"idempotency_key": draft.idempotency_key})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted
    assert client.get("/intake/demo/receipt/").status_code == 200
    assert attacker.get("/intake/demo/receipt/")["Location"] == "/intake/demo/"
