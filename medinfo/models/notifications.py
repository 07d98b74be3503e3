"""What e-mail each staff member wants, and which review digests went out (one a day)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationKind(models.TextChoices):
    """The messages the site sends; each has a switch in a person's e-mail settings."""

    REVIEW_REQUEST = "review_requests", "A page is waiting for my approval"
    SENT_BACK = "sent_back", "My page was sent back with a comment"
    PUBLISHED = "published", "My page was approved and published"
    PAGE_CHANGED = "page_changes", "Changes are waiting to a page I reviewed"
    REVIEW_REMINDER = "review_reminders", "Daily digest of clinical reviews due or overdue"


class NotificationSettings(models.Model):
    """One staff member's switches; without a row every message is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        editable=False,
    )
    review_requests = models.BooleanField(
        NotificationKind.REVIEW_REQUEST.label,
        default=True,
        help_text="Clinical reviewers: someone else submitted a page for review.",
    )
    sent_back = models.BooleanField(
        NotificationKind.SENT_BACK.label,
        default=True,
        help_text="A reviewer sent your changes back, with what needs changing.",
    )
    published = models.BooleanField(
        NotificationKind.PUBLISHED.label,
        default=True,
        help_text="A reviewer approved your changes: patients now see them.",
    )
    page_changes = models.BooleanField(
        NotificationKind.PAGE_CHANGED.label,
        default=True,
        help_text="Someone submitted changes to a page whose last clinical review was yours.",
    )
    review_reminders = models.BooleanField(
        NotificationKind.REVIEW_REMINDER.label,
        default=True,
        help_text="Clinical reviewers: at most one e-mail a day listing reviews due within "
        "30 days or overdue.",
    )

    class Meta:
        verbose_name = "my e-mail settings"
        verbose_name_plural = "my e-mail settings"

    def __str__(self) -> str:
        return f"E-mail settings of {self.user}"

    @staticmethod
    def wanted_by(users, kind: str) -> list:
        """The users among `users` who have not switched `kind` off (one query)."""
        users = list(users)
        off = set(
            NotificationSettings.objects.filter(
                user__in=[user.pk for user in users], **{kind: False}
            ).values_list("user_id", flat=True)
        )
        return [user for user in users if user.pk not in off]


class ReminderDigest(models.Model):
    """A review digest sent to one person on one day: the command sends one a day at most."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    pages = models.PositiveIntegerField(help_text="How many pages the digest listed.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = "review digest sent"
        verbose_name_plural = "review digests sent"
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_review_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"Review digest to {self.user} on {self.day:%d %B %Y}"
