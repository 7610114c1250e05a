"""Import a metric's values from Sotkanet-shaped files (no network): a dry run unless --save.

    manage.py import_sotkanet --metric aktivointiaste --data rows.json \
        --regions regions.json --as coordinator@example.fi [--save]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import importers, services
from indicators.models import Metric
from organisations.models import User


class Command(BaseCommand):
    help = "Import Sotkanet-shaped data (JSON or ;-separated CSV) for one metric; regions by code."

    def add_arguments(self, parser):
        parser.add_argument("--metric", required=True, help="The metric's code.")
        parser.add_argument("--data", required=True, type=Path, help="Data rows (.json or .csv).")
        parser.add_argument(
            "--regions", required=True, type=Path, help="Sotkanet /regions (.json)."
        )
        parser.add_argument("--as", dest="actor", required=True, help="A coordinator's e-mail.")
        parser.add_argument("--save", action="store_true", help="Save (default: dry run).")

    def handle(self, *args, metric, data, regions, actor, save, **options):
        metric_obj = Metric.objects.filter(code=metric).first()
        if metric_obj is None:
            raise CommandError(f"Unknown metric {metric!r}.")
        user = User.objects.filter(email=actor.lower(), is_active=True).first()
        if user is None or not user.is_coordinator:
            raise CommandError(f"{actor} is not an active coordinator.")
        try:
            region_map = importers.read_sotkanet_regions(regions.read_bytes())
            rows_in = importers.read_sotkanet_data(data.read_bytes(), data.name)
        except (OSError, importers.FileError) as exc:
            raise CommandError(str(exc)) from exc
        records, skipped = importers.sotkanet_records(metric_obj, rows_in, region_map)
        rows = importers.validate(user, records)
        for row in rows:
            status = "ok" if row.ok else "; ".join(row.errors)
            self.stdout.write(
                f"{row.line}: {row.record.get('organisation') or 'region'} {row.year} "
                f"{row.record.get('value')} – {status}"
            )
        self.stdout.write(f"{len(rows)} rows, {skipped} skipped.")
        if not all(r.ok for r in rows):
            raise CommandError("Some rows have errors; nothing was saved.")
        if not save:
            self.stdout.write("Dry run: nothing saved (use --save).")
            return
        saved = services.import_values(actor=user, rows=rows)
        self.stdout.write(self.style.SUCCESS(f"{saved} values saved."))
