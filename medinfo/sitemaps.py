"""The sitemap: published pages only, each with the date it last changed."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from .models import DrugClass, Indication, MedicationArticle


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return [
            "medinfo:home",
            "medinfo:medication_list",
            "medinfo:condition_list",
            "medinfo:drug_class_list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class MedicationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 1.0

    def items(self):
        return MedicationArticle.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item: MedicationArticle):
        return item.updated_at


class ConditionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Indication.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item: Indication):
        return item.updated_at


class DrugClassSitemap(Sitemap):
    """Classes with at least one published medicine; a class page changes with its medicines."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        published = MedicationArticle.objects.published()
        return (
            DrugClass.objects.published()
            .annotate(
                last_medicine_change=Max("articles__updated_at", filter=Q(articles__in=published))
            )
            .filter(last_medicine_change__isnull=False)
            .order_by("slug")
        )

    def lastmod(self, item: DrugClass):
        return max(item.updated_at, item.last_medicine_change)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "medicines": MedicationSitemap,
    "conditions": ConditionSitemap,
    "drug-classes": DrugClassSitemap,
}
