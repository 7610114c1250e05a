"""``manage.py seed_agreement``: load the framework agreement itself (parties, bodies,
metrics), idempotently, and report what was created, updated or left unchanged."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.seeding import SeedReport, run


class Command(BaseCommand):
    help = "Load the framework agreement: parties, bodies, metrics. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            report = run("seed_agreement", SeedReport())
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Agreement loaded ({report.changed} changes)."))
