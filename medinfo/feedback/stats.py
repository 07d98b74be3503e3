"""The figures editors see: answers and the share of "yes", per page and across pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from medinfo.models import Indication, MedicationArticle, PageFeedback

LATEST_COMMENTS = 10


@dataclass(frozen=True)
class Figures:
    answers: int
    yes: int

    @property
    def yes_share(self) -> int | None:
        """Whole per cent of answers that said "yes", or None without answers."""
        return round(100 * self.yes / self.answers) if self.answers else None

    @property
    def no_share(self) -> int | None:
        return None if self.answers == 0 else 100 - self.yes_share


def live_page(page):
    """Feedback belongs to the page patients see, also when editing its pending copy."""
    return page.draft_of if page.pending_copy_of_id else page


def last_review(page) -> datetime.date | None:
    """A medicine's last clinical review; for a condition, its last approval."""
    reviewed = getattr(page, "last_reviewed", None)
    if reviewed is None and page.approved_at is not None:
        reviewed = timezone.localdate(page.approved_at)
    return reviewed


def _counts(condition: Q) -> dict:
    return {
        "answers": Count("pk", filter=condition),
        "yes": Count("pk", filter=condition & Q(helpful=True)),
    }


def page_figures(page) -> dict:
    """For the admin panel: this approved version, since the last review, everything kept."""
    page = live_page(page)
    reviewed = last_review(page)
    answers = PageFeedback.objects.for_page(page)
    version = Q(page_approved_at=page.approved_at)
    since_review = Q(submitted_on__gte=reviewed) if reviewed else Q(pk__in=[])
    row = answers.aggregate(
        **{f"version_{k}": v for k, v in _counts(version).items()},
        **{f"review_{k}": v for k, v in _counts(since_review).items()},
        **{f"all_{k}": v for k, v in _counts(Q()).items()},
    )
    return {
        "version": Figures(row["version_answers"], row["version_yes"]),
        "since_review": Figures(row["review_answers"], row["review_yes"]),
        "all": Figures(row["all_answers"], row["all_yes"]),
        "approved_at": page.approved_at,
        "last_review": reviewed,
        "comments": list(
            answers.filter(helpful=False)
            .exclude(reason="")
            .order_by("-submitted_on", "-pk")[:LATEST_COMMENTS]
        ),
        "open_comments": answers.filter(helpful=False, handled=False).exclude(reason="").count(),
    }


@dataclass(frozen=True)
class PageRow:
    page: MedicationArticle | Indication
    figures: Figures
    open_comments: int


def pages_by_no_share(since: datetime.date | None = None) -> list[PageRow]:
    """Pages with answers, the largest share of "no" first (then the most "no" answers)."""
    answers = PageFeedback.objects.all()
    if since is not None:
        answers = answers.filter(submitted_on__gte=since)
    rows = []
    for model, field in ((MedicationArticle, "medication"), (Indication, "indication")):
        grouped = (
            answers.filter(**{f"{field}__isnull": False})
            .values(field)
            .annotate(
                answers=Count("pk"),
                yes=Count("pk", filter=Q(helpful=True)),
                open=Count("pk", filter=Q(helpful=False, handled=False) & ~Q(reason="")),
            )
            .order_by()
        )
        counts = {row[field]: row for row in grouped}
        pages = model._default_manager.filter(pk__in=counts).only(
            "title" if model is MedicationArticle else "name", "slug", "status"
        )
        for page in pages:
            row = counts[page.pk]
            rows.append(PageRow(page, Figures(row["answers"], row["yes"]), row["open"]))
    rows.sort(
        key=lambda r: (-r.figures.no_share, -(r.figures.answers - r.figures.yes), str(r.page))
    )
    return rows
