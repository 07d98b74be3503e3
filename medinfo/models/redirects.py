"""Old addresses of renamed pages: they answer 301 to where the page is now.

When an approved change gives a live medicine, condition or drug class a new
slug, its old address is kept here, pointing at the page itself (not at its
new slug), so a page renamed twice sends both old addresses straight to the
current one: chains collapse by construction. Public views look here only
after they found no page (a live page always wins over a redirect), so the
normal path costs no query.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .content import Indication, MedicationArticle
from .drug_classes import DrugClass


class PageKind(models.TextChoices):
    MEDICINE = "medicine", "medicine"
    CONDITION = "condition", "condition"
    DRUG_CLASS = "drug_class", "drug class"


# Which column of SlugRedirect points at a page of each model.
TARGET_FIELD = {
    MedicationArticle: (PageKind.MEDICINE, "medicine"),
    Indication: (PageKind.CONDITION, "condition"),
    DrugClass: (PageKind.DRUG_CLASS, "drug_class"),
}


class SlugRedirect(models.Model):
    """A former address of a live page; patients and search engines following it get a 301."""

    kind = models.CharField(max_length=20, choices=PageKind.choices)
    old_slug = models.SlugField("old address (slug)", max_length=160)
    medicine = models.ForeignKey(
        MedicationArticle, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    condition = models.ForeignKey(
        Indication, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    drug_class = models.ForeignKey(
        DrugClass, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("renamed", auto_now_add=True)

    class Meta:
        ordering = ["kind", "old_slug"]
        verbose_name = "redirect from an old address"
        verbose_name_plural = "redirects from old addresses"
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="one_redirect_per_address"),
            models.CheckConstraint(
                condition=(
                    Q(kind=PageKind.MEDICINE, medicine__isnull=False)
                    & Q(condition__isnull=True, drug_class__isnull=True)
                )
                | (
                    Q(kind=PageKind.CONDITION, condition__isnull=False)
                    & Q(medicine__isnull=True, drug_class__isnull=True)
                )
                | (
                    Q(kind=PageKind.DRUG_CLASS, drug_class__isnull=False)
                    & Q(medicine__isnull=True, condition__isnull=True)
                ),
                name="redirect_points_at_one_page_of_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.old_slug} -> {self.target}"

    @property
    def target(self):
        return self.medicine or self.condition or self.drug_class


def remember_old_address(page, old_slug: str) -> None:
    """`page` (live, just saved) used to be at `old_slug`: send that address to it."""
    kind, field = TARGET_FIELD[type(page)]
    if old_slug == page.slug:
        return
    SlugRedirect.objects.update_or_create(
        kind=kind,
        old_slug=old_slug,
        defaults={"medicine": None, "condition": None, "drug_class": None, field: page},
    )
    # Back at an address it once had: that address is the page again, not a redirect.
    SlugRedirect.objects.filter(kind=kind, old_slug=page.slug, **{field: page}).delete()


def moved_page(model, slug: str):
    """The published page that used to be at `slug`, or None (one query)."""
    kind, field = TARGET_FIELD[model]
    redirect = SlugRedirect.objects.filter(kind=kind, old_slug=slug).select_related(field).first()
    page = getattr(redirect, field) if redirect else None
    return page if page is not None and page.is_published else None
