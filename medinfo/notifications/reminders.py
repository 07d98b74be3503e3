"""The daily review digest: one e-mail per clinical reviewer, at most once a day.

Each reviewer hears about the published medicines they reviewed last whose
clinical review is overdue or due soon (REVIEW_SOON, 30 days, the one window in
medinfo.models.review); pages nobody who can review now has reviewed go to
every reviewer. A page overdue by
ESCALATE_AFTER (30 days) or more is escalated: it is in every reviewer's digest.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    MedicationArticle,
    NotificationKind,
    NotificationSettings,
    ReminderDigest,
    Status,
)
from .mail import Message, admin_change_url, clinical_reviewers, queue

ESCALATE_AFTER = datetime.timedelta(days=30)


@dataclass
class Digest:
    escalated: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.escalated) + len(self.overdue) + len(self.due_soon)

    def subject(self) -> str:
        parts = []
        if overdue := len(self.escalated) + len(self.overdue):
            parts.append(f"{overdue} overdue")
        if self.due_soon:
            parts.append(f"{len(self.due_soon)} due within 30 days")
        pages = "page" if self.count == 1 else "pages"
        return f"Clinical review: {self.count} {pages} ({', '.join(parts)})"


def pages_due(today: datetime.date):
    published = MedicationArticle.objects.live().filter(status=Status.PUBLISHED)
    return list(
        (published.review_overdue(today) | published.review_due_soon(today))
        .only("pk", "title", "next_review_due", "reviewed_by_id")
        .order_by("next_review_due", "title")
    )


def digests(today: datetime.date) -> dict:
    """{reviewer: Digest} for reviewers with something due who want the digest."""
    reviewers = NotificationSettings.wanted_by(
        clinical_reviewers(), NotificationKind.REVIEW_REMINDER
    )
    reviewer_ids = {r.pk for r in clinical_reviewers()}
    result = {reviewer: Digest() for reviewer in reviewers}
    for page in pages_due(today):
        item = {
            "title": page.title,
            "due": page.next_review_due,
            "days": (today - page.next_review_due).days,
            "link": admin_change_url(page),
            "unassigned": page.reviewed_by_id not in reviewer_ids,
        }
        for reviewer, digest in result.items():
            if page.next_review_due <= today - ESCALATE_AFTER:
                digest.escalated.append(item)
            elif item["unassigned"] or page.reviewed_by_id == reviewer.pk:
                bucket = digest.overdue if page.next_review_due < today else digest.due_soon
                bucket.append(item)
    return {reviewer: digest for reviewer, digest in result.items() if digest.count}


def send_review_reminders(today: datetime.date | None = None) -> tuple[int, int]:
    """Queue today's digests; returns (queued, skipped because already sent today)."""
    today = today or timezone.localdate()
    already = set(ReminderDigest.objects.filter(day=today).values_list("user_id", flat=True))
    queued = skipped = 0
    for reviewer, digest in digests(today).items():
        if reviewer.pk in already:
            skipped += 1
            continue
        message = Message(
            reviewer,
            NotificationKind.REVIEW_REMINDER,
            digest.subject(),
            "medinfo/email/review_digest.txt",
            {"digest": digest, "today": today},
        )
        try:
            with transaction.atomic():
                # The row and the message commit together: a second run the same day
                # (or one running alongside) finds the row and sends nothing.
                ReminderDigest.objects.create(user=reviewer, day=today, pages=digest.count)
                queue([message])
        except IntegrityError:
            skipped += 1
            continue
        queued += 1
    return queued, skipped
