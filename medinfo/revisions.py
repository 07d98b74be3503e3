"""Side-by-side comparison of two stored revisions (django-reversion), field by field.

Rich text is compared as readable text, one block per line, so editors see what
changed in words rather than in markup. Uses saved with an article are compared too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version

from .models import REVISION_EXCLUDE, MedicationUse
from .richtext import RichTextField, html_to_text

SKIP = {*REVISION_EXCLUDE, "id", "created_at", "updated_at"}


@dataclass
class FieldDiff:
    label: str
    table: SafeString


def _display(obj: models.Model, field: models.Field) -> str:
    value = getattr(obj, field.attname)
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"(deleted #{value})"
    if isinstance(field, RichTextField):
        return html_to_text(value)
    return str(value)


def _uses_lines(version: Version) -> list[str]:
    use_type = ContentType.objects.get_for_model(MedicationUse)
    uses = [
        v._object_version.object for v in version.revision.version_set.filter(content_type=use_type)
    ]
    lines = []
    for use in sorted(uses, key=lambda u: u.order):
        condition = use.indication if use.indication_id else None
        lines.append(f"{condition} ({use.get_kind_display()}): {use.note}".strip())
    return lines


def _table(before: list[str], after: list[str], labels: tuple[str, str]) -> SafeString:
    # HtmlDiff escapes the text it is given; its markup uses classes only (no inline styles).
    html = difflib.HtmlDiff(wrapcolumn=60).make_table(
        before, after, labels[0], labels[1], context=False
    )
    return mark_safe(html)


def compare(older: Version, newer: Version, labels: tuple[str, str]) -> list[FieldDiff]:
    """The fields that differ between two versions of the same object, as diff tables."""
    old_obj = older._object_version.object
    new_obj = newer._object_version.object
    diffs: list[FieldDiff] = []
    for field in type(new_obj)._meta.concrete_fields:
        if field.name in SKIP:
            continue
        before, after = _display(old_obj, field), _display(new_obj, field)
        if before != after:
            diffs.append(
                FieldDiff(
                    str(field.verbose_name).capitalize(),
                    _table(before.splitlines(), after.splitlines(), labels),
                )
            )
    if hasattr(new_obj, "uses"):
        before, after = _uses_lines(older), _uses_lines(newer)
        if before != after:
            diffs.append(FieldDiff("Uses", _table(before, after, labels)))
    return diffs
