"""``manage.py seed_demo``: demo logins, seats, meetings and metric values for development
and the one-command setup (refused unless DEBUG is on)."""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.seeding import SeedReport, run


class Command(BaseCommand):
    help = (
        "Create demo logins (coordinator@demo.example, admin.<slug>@demo.example, "
        "member.<slug>@demo.example) and demo data. Development only: refuses when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo login (else random).")

    def handle(self, *args, password=None, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo makes known logins and is for development only; "
                "set DJANGO_DEBUG=1 to run it."
            )
        chosen = password or secrets.token_urlsafe(12)
        with transaction.atomic():
            report = SeedReport(extra={"password_explicit": bool(password)})
            run("seed_demo", report, password=chosen)
        for line in report.lines():
            self.stdout.write(line)
        created = report.extra.get("logins_created", 0)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        if created or password:
            self.stdout.write(
                "Demo logins: coordinator@demo.example, admin.<slug>@demo.example and "
                "member.<slug>@demo.example (e.g. admin.forssa@demo.example); "
                f"password: {chosen}"
            )
        else:
            self.stdout.write("Demo logins existed already; their passwords were not changed.")
