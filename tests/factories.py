"""Small builders for test content: one call, sensible defaults, overrides by keyword."""

from __future__ import annotations

import itertools

from medinfo.models import DrugClass, Indication, MedicationArticle, MedicationUse, Status

_counter = itertools.count(1)


def make_drug_class(**overrides) -> DrugClass:
    n = next(_counter)
    values = {"name": f"Class {n}", "slug": f"class-{n}", "status": Status.PUBLISHED}
    values.update(overrides)
    return DrugClass.objects.create(**values)


def make_indication(**overrides) -> Indication:
    n = next(_counter)
    values = {
        "name": f"Condition {n}",
        "slug": f"condition-{n}",
        "summary": "A condition used in tests.",
        "status": Status.PUBLISHED,
    }
    values.update(overrides)
    return Indication.objects.create(**values)


def make_article(uses: list[Indication] | None = None, **overrides) -> MedicationArticle:
    n = next(_counter)
    values = {
        "title": f"Testamine {n}",
        "slug": f"testamine-{n}",
        "generic_name": f"testamine {n}",
        "summary": "A medicine used in tests.",
        "status": Status.PUBLISHED,
    }
    values.update(overrides)
    article = MedicationArticle.objects.create(**values)
    for order, indication in enumerate(uses or []):
        MedicationUse.objects.create(medication=article, indication=indication, order=order)
    return article
