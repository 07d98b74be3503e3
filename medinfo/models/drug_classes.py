"""Drug classes: families of medicines, each a page of its own on the same workflow as medicines."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .. import search_document as document
from ..links import slug_url
from .publishing import Publishable


class DrugClass(Publishable):
    """A family of medicines that work in a similar way (e.g. benzodiazepines).

    Its name shows on every medicine page of the family, so it changes like any
    page: through a pending copy a clinical reviewer approves.
    """

    name = models.CharField(max_length=120, help_text="As patients know it, e.g. Benzodiazepines.")
    slug = models.SlugField(
        max_length=120, help_text="The end of the page address, e.g. benzodiazepines."
    )
    description = models.TextField(
        blank=True, help_text="A plain sentence or two about this family of medicines."
    )
    search_document = document.document_field(
        document.document(document.DRUG_CLASS_DOCUMENT),
        help_text="Kept by the database (PostgreSQL): the class name as search matches it.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "drug class"
        verbose_name_plural = "drug classes"
        permissions = [("publish_drugclass", "Can approve and publish drug classes")]
        # A pending copy of a live class shares its name and address until approved.
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(draft_of__isnull=True),
                name="unique_drug_class_name",
                violation_error_message="A drug class with this name already exists.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(draft_of__isnull=True),
                name="unique_drug_class_slug",
                violation_error_message="A drug class with this address (slug) already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.pending_copy_of_id:
            return self.draft_of.get_absolute_url() + "?preview=draft"
        return slug_url("medinfo:drug_class_detail", self.slug)
