import json
import subprocess
import sys

from tests.triage_cases import case_data

CONTRACT_KEYS = {
    "rules_version",
    "category",
    "urgency",
    "imaging",
    "flags",
    "rules_fired",
    "startback",
    "odi",
    "patient_message",
}


def triage_case(stdin: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "triage_case", *(args or ("-",))],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_one_case_in_gives_one_result_with_every_contract_key():
    run = triage_case(json.dumps(case_data()))

    result = json.loads(run.stdout)
    assert run.returncode == 0
    assert set(result) == CONTRACT_KEYS


def test_a_list_in_gives_a_list_out_in_the_same_order():
    cases = [case_data(), case_data(saddle_anesthesia=True), case_data(cancer_history=True)]

    run = triage_case(json.dumps(cases))

    assert [r["category"] for r in json.loads(run.stdout)] == [
        "non_traumatic_mechanical",
        "emergency",
        "red_flag_urgent",
    ]


def test_scores_are_reported_in_the_contract_shape():
    data = case_data(
        startback={
            "q1_leg_pain": True,
            "q2_shoulder_neck": False,
            "q3_walk_short": True,
            "q4_dress_slowly": True,
            "q5_unsafe_active": False,
            "q6_worry": True,
            "q7_terrible_never_better": False,
            "q8_no_enjoyment": False,
            "q9_bothersome": "very_much",
        },
        odi_sections=[2, 2, 2, 2, 2, 2, 1, 1, 1, 1],
    )

    result = json.loads(triage_case(json.dumps(data)).stdout)

    assert result["startback"] == {"total": 5, "psychosocial": 2, "risk": "medium"}
    assert result["odi"] == {"percent": 32.0, "band": "moderate"}


def test_bad_input_exits_2_names_the_field_and_prints_nothing():
    run = triage_case(json.dumps([case_data(), case_data(weakness="left")]))

    assert run.returncode == 2
    assert run.stdout == ""
    assert "[1].weakness" in run.stderr


def test_invalid_json_exits_2():
    run = triage_case("{not json")

    assert run.returncode == 2
    assert run.stdout == ""
    assert "not valid JSON" in run.stderr


def test_a_missing_file_exits_2():
    run = triage_case("", "/nonexistent/cases.json")

    assert run.returncode == 2
    assert "cannot read" in run.stderr


def test_reads_a_file_argument(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case_data(saddle_anesthesia=True)))

    run = triage_case("", str(path))

    assert json.loads(run.stdout)["patient_message"] == "emergency_cauda_equina"
