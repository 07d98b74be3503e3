from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from medinfo.demo import content
from medinfo.editorial import events
from medinfo.editorial.groups import CLINICAL_REVIEWERS
from medinfo.models import (
    ARTICLE_RICH_TEXT_FIELDS,
    INDICATION_RICH_TEXT_FIELDS,
    DrugClass,
    EventKind,
    Indication,
    MedicationArticle,
    MedicationUse,
    Status,
)
from medinfo.richtext import plain_text_to_html

DEMO_REVIEWER = "demo-reviewer"


def demo_reviewer():
    """The clinician account the demo content is approved by. It cannot sign in.

    Created without a password (unusable), so no known credential ever ships.
    """
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_REVIEWER,
        defaults={"first_name": "Demo", "last_name": "Reviewer, PharmD", "is_active": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    return user


def approval_values(reviewer) -> dict[str, Any]:
    """Demo pages count as approved by the demo reviewer on the demo review date."""
    approved_at = timezone.make_aware(
        datetime.datetime.combine(content.LAST_REVIEWED, datetime.time(9, 0))
    )
    return {"approved_by": reviewer, "approved_at": approved_at}


def as_html(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The demo data is written in the plain-text format; pages store sanitised HTML."""
    return {
        name: plain_text_to_html(value) if name in fields else value
        for name, value in values.items()
    }


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
    manager = model._default_manager
    # Pending copies of live pages share their slug; the demo refreshes the pages.
    existing = manager.live() if hasattr(manager, "live") else manager.all()
    obj = existing.filter(**lookup).first() or model(**lookup)
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


def record(obj, reviewer, outcome: str) -> None:
    """Put demo changes in the audit log, as approved by the demo reviewer."""
    if outcome == CREATED:
        events.record(obj, None, EventKind.CREATED, comment="Demo content")
        events.record(
            obj,
            reviewer,
            EventKind.TRANSITION,
            old=Status.DRAFT,
            new=obj.status,
            comment="Demo content, approved by the demo clinical reviewer.",
        )
    elif outcome == UPDATED:
        events.record(obj, None, EventKind.EDITED, comment="Demo content refreshed")


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
        reviewer = demo_reviewer()
        approval = approval_values(reviewer)

        drug_classes = {}
        for data in content.DRUG_CLASSES:
            values = dict(data) | {"status": Status.PUBLISHED} | approval
            slug = values.pop("slug")
            with reversion.create_revision():
                reversion.set_comment("Demo content")
                drug_classes[slug], outcome = sync(DrugClass, {"slug": slug}, values)
            record(drug_classes[slug], reviewer, outcome)
            outcomes[outcome] += 1

        indications = {}
        for data in content.INDICATIONS:
            values = as_html(dict(data), INDICATION_RICH_TEXT_FIELDS) | approval
            slug = values.pop("slug")
            with reversion.create_revision():
                reversion.set_comment("Demo content")
                indications[slug], outcome = sync(Indication, {"slug": slug}, values)
            record(indications[slug], reviewer, outcome)
            outcomes[outcome] += 1

        use_count = 0
        for data in content.ARTICLES:
            values = as_html(dict(data), ARTICLE_RICH_TEXT_FIELDS) | approval
            values["reviewed_by"] = reviewer
            slug = values.pop("slug")
            uses = values.pop("uses")
            values["drug_class"] = drug_classes[values["drug_class"]]
            with reversion.create_revision():
                reversion.set_comment("Demo content")
                article, outcome = sync(MedicationArticle, {"slug": slug}, values)
                outcomes[outcome] += 1
                article_outcome = outcome

                for order, use in enumerate(uses, start=1):
                    indication = indications[use["indication"]]
                    _, outcome = sync(
                        MedicationUse,
                        {"medication": article, "indication": indication},
                        {"kind": use["kind"], "note": use["note"], "order": order},
                    )
                    outcomes[outcome] += 1
                    if outcome != UNCHANGED:
                        reversion.add_to_revision(article)
                        article_outcome = (
                            article_outcome if article_outcome != UNCHANGED else UPDATED
                        )
                use_count += len(uses)

                # The demo article lists exactly the demo uses.
                removed, _ = (
                    MedicationUse.objects.filter(medication=article)
                    .exclude(indication__slug__in=[use["indication"] for use in uses])
                    .delete()
                )
                if removed:
                    reversion.add_to_revision(article)
                    article_outcome = article_outcome if article_outcome != UNCHANGED else UPDATED
                outcomes["removed"] += removed
            record(article, reviewer, article_outcome)

        self.stdout.write(
            "Demo content: "
            f"{plural(len(content.DRUG_CLASSES), 'drug class', 'drug classes')}, "
            f"{plural(len(content.ARTICLES), 'medicine', 'medicines')}, "
            f"{plural(len(content.INDICATIONS), 'condition', 'conditions')}, "
            f"{plural(use_count, 'use', 'uses')} "
            f"({outcomes[CREATED]} created, {outcomes[UPDATED]} updated, "
            f"{outcomes['removed']} removed, {outcomes[UNCHANGED]} unchanged)"
        )
