"""``manage.py followup_report --year Y [--lang fi|en] --output FILE.pdf``: the very same build
as the portal's background task, run synchronously, stored as a report version and copied to
FILE."""

from __future__ import annotations

import shutil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import build, services
from reports.models import ReportVersion


class Command(BaseCommand):
    help = "Build the annual follow-up report PDF of a year, synchronously."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The year followed up.")
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE, help="fi (default) or en.")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, year, lang, output, **options):
        try:
            services.check_request(year, lang)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        version = ReportVersion.objects.create(
            year=year, language=lang, origin=ReportVersion.Origin.COMMAND
        )
        outcome = build.build_version(version.pk)
        version.refresh_from_db()
        if outcome != "done":
            raise CommandError(version.error or f"The build ended as {outcome}.")
        shutil.copyfile(build.file_path(version), output)
        self.stdout.write(
            f"{output}: {version.get_kind_display()}, {version.page_count} pages, "
            f"{version.build_seconds:.1f} s "
            f"(version {version.pk}, data checksum {version.data_checksum[:12]})"
        )
        if version.same_data_as_id:
            self.stdout.write(
                f"The data is the same as in version {version.same_data_as_id}: nothing changed."
            )
