"""`manage.py create_api_key CLINIC_SLUG [--name NAME]`: a new intake API key for one clinic.

The key is printed once, alone on the last line of the output, and only its hash
is stored. An unknown clinic exits with status 2 and a message on stderr.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake.models import Clinic
from interop.services import create_api_key

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Create an intake API key for a clinic; prints the key (shown once) on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("clinic_slug", help="the clinic's slug, e.g. demo")
        parser.add_argument("--name", default="Created from the command line", help="what the key is for")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        if not name or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters.", returncode=USAGE_ERROR)
        clinic = Clinic.objects.filter(slug=options["clinic_slug"]).first()
        if clinic is None:
            raise CommandError(f"No clinic with slug {options['clinic_slug']!r}.", returncode=USAGE_ERROR)
        api_key, secret = create_api_key(clinic, name)
        self.stdout.write(f"Created API key {api_key.prefix}… ({api_key.name}) for {clinic.name}.")
        self.stdout.write("Store it now; it is not shown again. Use: Authorization: Bearer <key>")
        self.stdout.write(secret)
