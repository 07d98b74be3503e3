from django.core.management.base import BaseCommand

from medinfo.notifications.reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "Queue one e-mail per clinical reviewer listing the medicine pages whose review is "
        "overdue or due within 30 days (run daily; a second run the same day sends nothing). "
        "send_queued_mail delivers them."
    )

    def handle(self, *args, **options):
        queued, skipped = send_review_reminders()
        self.stdout.write(
            f"Queued {queued} review digest(s); {skipped} reviewer(s) already had today's."
        )
