"""What staff must know before approving a page, beyond its own fields.

- A medicine that uses a condition (or belongs to a drug class) not yet approved:
  patients will not see that use (or the class) until it is.
- A pending change that gives a live page a new address: the old one will
  redirect to the new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.urls import reverse

from ..models import Indication, MedicationArticle, Status


@dataclass(frozen=True)
class Notice:
    text: str
    link: str = ""
    link_text: str = ""


def _state(page) -> str:
    """How a page that patients cannot see is described: "a draft", "in review"..."""
    if page.status == Status.DRAFT:
        return "is a draft"
    if page.status == Status.IN_REVIEW:
        return "is in review"
    if page.status == Status.ARCHIVED:
        return "is archived"
    return "is not shown to patients now (scheduled or expired)"


def _admin_url(page) -> str:
    opts = page._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(page.pk)])


def unpublished_parts(article: MedicationArticle) -> list[Notice]:
    """The conditions and drug class of `article` that patients cannot see yet (one query each)."""
    notices = []
    waiting = (
        Indication.objects.filter(uses__medication=article)
        .exclude(pk__in=Indication.objects.published())
        .only("name", "status", "published_at", "go_live_at", "expires_at")
        .order_by("name")
    )
    for condition in waiting:
        ending = (
            "this use will not show until it is approved"
            if condition.status in (Status.DRAFT, Status.IN_REVIEW)
            else "this use does not show"
        )
        notices.append(
            Notice(
                f"{condition.name} {_state(condition)}: {ending}.", _admin_url(condition), "Open it"
            )
        )
    drug_class = article.drug_class if article.drug_class_id else None
    if drug_class is not None and not drug_class.is_published:
        notices.append(
            Notice(
                f"The drug class {drug_class.name} {_state(drug_class)}: patients will not see "
                "the type of medicine until it is approved.",
                _admin_url(drug_class),
                "Open it",
            )
        )
    return notices


def address_change(page) -> Notice | None:
    """A pending copy whose approval moves its live page to a new address."""
    live = page.draft_of if page.pending_copy_of_id else None
    if live is None or live.slug == page.slug or not live.is_published:
        return None
    old = live.get_absolute_url()
    new = type(live)(slug=page.slug).get_absolute_url()
    return Notice(
        f"Approving this changes the page's address from {old} to {new}. Links to the old "
        "address will keep working: it will redirect to the new one."
    )


def notices_for(page) -> list[Notice]:
    if page is None or page.pk is None:
        return []
    notices = []
    if (moved := address_change(page)) is not None:
        notices.append(moved)
    if isinstance(page, MedicationArticle):
        notices.extend(unpublished_parts(page))
    return notices
