"""Clinical review dates: how long a review holds, and which pages are due for one soon."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .publishing import PublishableQuerySet

# A clinician checks a page again this long after the last review, unless staff
# set another date.
REVIEW_INTERVAL = datetime.timedelta(days=3 * 365)
# A review is "due soon" from this long before its date: the admin's review panel,
# its list filter and the flag on a page all use this one window.
REVIEW_SOON = datetime.timedelta(days=30)


def due_soon(next_review_due: datetime.date | None, today: datetime.date) -> bool:
    return next_review_due is not None and today <= next_review_due <= today + REVIEW_SOON


class ReviewedQuerySet(PublishableQuerySet):
    """Pages by when their next clinical review is due (default: the clinic's today)."""

    def review_overdue(self, today: datetime.date | None = None) -> ReviewedQuerySet:
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_soon(self, today: datetime.date | None = None) -> ReviewedQuerySet:
        today = today or timezone.localdate()
        return self.filter(next_review_due__gte=today, next_review_due__lte=today + REVIEW_SOON)

    def review_not_due(self, today: datetime.date | None = None) -> ReviewedQuerySet:
        return self.filter(next_review_due__gt=(today or timezone.localdate()) + REVIEW_SOON)
