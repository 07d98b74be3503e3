from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from medinfo.demo import content
from medinfo.models import DrugClass, Indication, MedicationArticle, MedicationUse

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def sync(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[models.Model, str]:
    """update_or_create that saves only when a value really differs.

    Saving unchanged rows would bump updated_at on every run, so we compare after
    full_clean() (which may tidy values, e.g. brand names) and skip the save when
    nothing moved. published_at is left to Publishable.save(), which sets it only
    when it is still empty.
    """
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    before = {name: getattr(obj, name) for name in values} if obj.pk else None
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise CommandError(f"Demo {model._meta.verbose_name} {lookup}: {error}") from error
    if before is None:
        obj.save()
        return obj, CREATED
    if any(getattr(obj, name) != before[name] for name in values):
        obj.save()
        return obj, UPDATED
    return obj, UNCHANGED


def plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


class Command(BaseCommand):
    help = (
        "Create or refresh the demo drug class, conditions and medicines. Safe to run "
        "again: it changes only demo fields that differ from the demo data."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        outcomes: Counter[str] = Counter()

        drug_classes = {}
        for data in content.DRUG_CLASSES:
            values = dict(data)
            slug = values.pop("slug")
            drug_classes[slug], outcome = sync(DrugClass, {"slug": slug}, values)
            outcomes[outcome] += 1

        indications = {}
        for data in content.INDICATIONS:
            values = dict(data)
            slug = values.pop("slug")
            indications[slug], outcome = sync(Indication, {"slug": slug}, values)
            outcomes[outcome] += 1

        use_count = 0
        for data in content.ARTICLES:
            values = dict(data)
            slug = values.pop("slug")
            uses = values.pop("uses")
            values["drug_class"] = drug_classes[values["drug_class"]]
            article, outcome = sync(MedicationArticle, {"slug": slug}, values)
            outcomes[outcome] += 1

            for order, use in enumerate(uses, start=1):
                indication = indications[use["indication"]]
                _, outcome = sync(
                    MedicationUse,
                    {"medication": article, "indication": indication},
                    {"kind": use["kind"], "note": use["note"], "order": order},
                )
                outcomes[outcome] += 1
            use_count += len(uses)

            # The demo article lists exactly the demo uses.
            removed, _ = (
                MedicationUse.objects.filter(medication=article)
                .exclude(indication__slug__in=[use["indication"] for use in uses])
                .delete()
            )
            outcomes["removed"] += removed

        self.stdout.write(
            "Demo content: "
            f"{plural(len(content.DRUG_CLASSES), 'drug class', 'drug classes')}, "
            f"{plural(len(content.ARTICLES), 'medicine', 'medicines')}, "
            f"{plural(len(content.INDICATIONS), 'condition', 'conditions')}, "
            f"{plural(use_count, 'use', 'uses')} "
            f"({outcomes[CREATED]} created, {outcomes[UPDATED]} updated, "
            f"{outcomes['removed']} removed, {outcomes[UNCHANGED]} unchanged)"
        )
