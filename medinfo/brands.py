"""Brand names as addresses: patients type /medications/valium/ as often as diazepam."""

from __future__ import annotations

from django.utils.text import slugify

from .models import MedicationArticle


def medicines_for_brand_slug(slug: str) -> tuple[str, list[MedicationArticle]]:
    """The brand name as written and the published medicines sold under it.

    A cheap substring filter in the database narrows the search to articles that
    mention every part of the slug; the exact test (slugified brand equals the
    slug) is done here because brand names are stored as one comma-separated field.
    """
    slug = slug.lower()
    parts = [part for part in slug.split("-") if part]
    if not parts:
        return "", []
    candidates = MedicationArticle.objects.published()
    for part in parts:
        candidates = candidates.filter(brand_names__icontains=part)
    brand = ""
    matches: list[MedicationArticle] = []
    for article in candidates.select_related("drug_class").order_by("title"):
        for name in article.brand_name_list:
            if slugify(name) == slug:
                brand = brand or name
                matches.append(article)
                break
    return brand, matches
