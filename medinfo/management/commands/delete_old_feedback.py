"""Delete patients' answers older than the keeping period (FEEDBACK_RETENTION_DAYS, 2 years).

Run daily (deploy/systemd has a timer). Safe to run at any time and as often
as you like: it only deletes what is past its keeping period.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from medinfo.models import PageFeedback


class Command(BaseCommand):
    help = (
        "Delete patient feedback older than FEEDBACK_RETENTION_DAYS "
        "(default 730 days, about 2 years)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of FEEDBACK_RETENTION_DAYS.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many would go; delete nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.FEEDBACK_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(f"The keeping period must be at least 1 day (got {days}).")
        old = PageFeedback.objects.older_than(days)
        if dry_run:
            self.stdout.write(f"{old.count()} answers are older than {days} days (none deleted).")
            return
        deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} answers older than {days} days.")
