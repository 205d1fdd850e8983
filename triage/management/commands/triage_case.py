"""`manage.py triage_case FILE|-`: triage canonical cases from a JSON file or stdin.

One case object in gives one result object out; a list gives a list in the same
order. Bad input exits with status 2, a message naming the field on stderr and
nothing on stdout (DESIGN.md, "Triage from the command line").
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.case import Case, CaseError, parse_case
from triage.rules import evaluate

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Triage one canonical case (JSON object) or a JSON list of them; prints JSON results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_json(options["file"])
        if isinstance(data, list):
            cases = [parse_or_fail(item, f"[{index}].") for index, item in enumerate(data)]
            output: Any = [evaluate(case).as_dict() for case in cases]
        else:
            output = evaluate(parse_or_fail(data, "")).as_dict()
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))


def read_json(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(
            f"{name}: cannot read the file ({error.strerror})", returncode=USAGE_ERROR
        ) from None
    except UnicodeDecodeError:
        raise CommandError(f"{name}: is not UTF-8 text", returncode=USAGE_ERROR) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{name}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})",
            returncode=USAGE_ERROR,
        ) from None


def parse_or_fail(item: Any, prefix: str) -> Case:
    try:
        return parse_case(item)
    except CaseError as error:
        field = f"{prefix}{error.field}" if prefix else error.field
        raise CommandError(f"{field}: {error.problem}", returncode=USAGE_ERROR) from None
