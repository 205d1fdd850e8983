import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from tests.triage_cases import case_data
from triage import rules
from triage.patient_messages import SAFETY_NET, patient_message
from triage.rules import PATIENT_MESSAGE_KEYS

PO_FILE = Path(__file__).resolve().parent.parent / "locale/es/LC_MESSAGES/django.po"
THREAT_WORDS = (
    "damage",
    "degeneration",
    "degenerative",
    "crumbling",
    "slipped disc",
    "emergency department now",
)
FLAG_IDS = [flag.id for flag in rules.FLAGS]


def text(message):
    return " ".join(str(p) for p in [message.heading, *message.paragraphs])


@pytest.mark.parametrize("key", PATIENT_MESSAGE_KEYS)
def test_every_message_key_has_wording_without_flag_ids_or_guideline_names(key):
    words = text(patient_message(key, case_data(), []))

    assert words
    assert not any(flag_id in words for flag_id in FLAG_IDS)
    assert not re.search(r"R-\d\d|ACR|NICE|ACP", words)


@pytest.mark.parametrize("key", [k for k in PATIENT_MESSAGE_KEYS if not k.startswith("emergency_")])
def test_non_emergency_messages_use_no_threat_words(key):
    flags = ["cancer_history", "age_over_50", "night_pain"]

    words = text(patient_message(key, case_data(osteoporosis=True), flags)).lower()

    assert not any(word in words for word in THREAT_WORDS)


def test_the_cauda_equina_message_names_the_symptoms_reported_and_the_emergency_number():
    case = case_data(saddle_anesthesia=True, bladder_dysfunction=True, leg_pain="both_legs")

    words = text(patient_message("emergency_cauda_equina", case, ["cauda_equina_suspected"], "112"))

    assert "new numbness around your bottom or genitals, new trouble passing urine" in words
    assert "and pain, numbness or weakness in both legs" in words
    assert "call 112" in words


def test_the_other_emergency_message_names_the_reasons_from_the_flags():
    flags = ["spinal_infection_suspected", "progressive_neurological_deficit"]

    words = text(patient_message("emergency_other", case_data(), flags))

    assert "fever together with a higher risk of infection and leg weakness that is getting worse" in words


@pytest.mark.parametrize(("trauma_type", "words"), [
    ("fall_from_height", "a fall from a height"),
    ("ski_fall_high_speed", "a high-speed fall or collision"),
    ("other", "an injury with a lot of force"),
])  # fmt: skip
def test_the_high_energy_injury_message_names_the_injury(trauma_type, words):
    case = case_data(trauma={"occurred": True, "type": trauma_type, "severity": None})

    assert words in text(patient_message("emergency_high_energy_trauma", case, ["high_energy_trauma"]))


def test_the_urgent_message_is_tailored_from_the_flags():
    words = text(
        patient_message("urgent_review", case_data(), ["cancer_history", "post_surgical_new_symptoms"])
    )

    assert (
        "Your answers include a past cancer and an earlier back operation with new symptoms since." in words
    )
    assert "within one working day" in words


def test_an_urgent_result_without_flags_still_reads_calmly():
    words = text(patient_message("urgent_review", case_data(), []))

    assert "look at your answers more closely" in words


def test_consider_if_persistent_names_the_soft_reasons():
    words = text(
        patient_message("routine_consider_if_persistent", case_data(), ["age_over_50", "age_70_or_over"])
    )

    assert (
        "Because of your age, your physical therapist will check your progress after about four weeks"
        in words
    )


def test_radiography_first_names_osteoporosis():
    words = text(patient_message("routine_radiography_first", case_data(osteoporosis=True), []))

    assert "Because of osteoporosis" in words and "X-ray" in words


def test_an_unknown_key_never_reads_as_routine():
    assert patient_message("routine_something_new", case_data(), []).key == "urgent_review"


@pytest.mark.parametrize("key", PATIENT_MESSAGE_KEYS)
def test_every_message_reads_in_spanish(key):
    english = text(patient_message(key, case_data(osteoporosis=True), ["cancer_history", "age_over_50"]))

    with translation.override("es"):
        spanish = text(patient_message(key, case_data(osteoporosis=True), ["cancer_history", "age_over_50"]))
        safety_net = [str(item) for item in SAFETY_NET]

    assert spanish != english
    assert safety_net != [str(item) for item in SAFETY_NET]


def po_entries():
    return PO_FILE.read_text(encoding="utf-8").split("\n\n")[1:]


def test_every_spanish_message_is_translated_and_none_is_fuzzy():
    untranslated = [entry for entry in po_entries() if re.search(r'^msgstr ""\Z', entry.strip(), re.M)]

    assert untranslated == []
    assert not any("fuzzy" in entry for entry in po_entries())


def test_the_compiled_spanish_catalogue_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO_FILE)], check=True)

    fresh = gettext.GNUTranslations(compiled.open("rb"))._catalog
    committed = gettext.GNUTranslations(PO_FILE.with_suffix(".mo").open("rb"))._catalog

    assert fresh == committed
