"""Side-by-side comparison of two stored revisions (django-reversion), field by field.

Rich text is compared as readable text, one block per line, so editors see what
changed in words rather than in markup. Uses saved with an article are compared too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import zip_longest

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version

from ..canonical import canonical_html, canonical_value
from ..models import REVISION_EXCLUDE, MedicationUse
from ..richtext import RichTextField, html_to_text

SKIP = {*REVISION_EXCLUDE, "id", "created_at", "updated_at", "edit_version"}


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
        return html_to_text(canonical_html(value))
    # Compared in the stored form: old revisions may hold CRLF or trailing spaces.
    return canonical_value(field, value) if isinstance(value, str) else str(value)


def version_uses(version: Version) -> list[MedicationUse]:
    use_type = ContentType.objects.get_for_model(MedicationUse)
    return [
        v._object_version.object for v in version.revision.version_set.filter(content_type=use_type)
    ]


def _uses_lines(uses: list[MedicationUse]) -> list[str]:
    lines = []
    for use in sorted(uses, key=lambda u: u.order):
        condition = use.indication if use.indication_id else None
        lines.append(f"{condition} ({use.get_kind_display()}): {use.note}".strip())
    return lines


def _word_diff(old: str, new: str) -> tuple[str, str]:
    """Both sides of one changed line, with removed words in <del> and added words in <ins>."""
    a, b = old.split(), new.split()
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        old_words, new_words = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if tag == "equal":
            left.append(old_words)
            right.append(new_words)
            continue
        if old_words:
            left.append(f"<del>{old_words}</del>")
        if new_words:
            right.append(f"<ins>{new_words}</ins>")
    return " ".join(left), " ".join(right)


def _table(before: list[str], after: list[str], labels: tuple[str, str]) -> SafeString:
    """A two-column table: older on the left, newer on the right, changed words marked."""
    rows: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [(escape(line), escape(line), "same") for line in before[i1:i2]]
        elif tag == "replace":
            for old, new in zip_longest(before[i1:i2], after[j1:j2], fillvalue=""):
                rows.append((*_word_diff(old, new), "changed"))
        elif tag == "delete":
            rows += [(f"<del>{escape(line)}</del>", "", "removed") for line in before[i1:i2]]
        else:
            rows += [("", f"<ins>{escape(line)}</ins>", "added") for line in after[j1:j2]]
    body = "".join(
        f'<tr class="diff-{kind}"><td>{left}</td><td>{right}</td></tr>'
        for left, right, kind in rows
    )
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label in labels)
    head = f"<thead><tr>{head}</tr></thead>"
    return mark_safe(f'<table class="diff">{head}<tbody>{body}</tbody></table>')


def compare(older: Version, newer: Version, labels: tuple[str, str]) -> list[FieldDiff]:
    """The fields that differ between two versions of the same object, as diff tables."""
    old_obj = older._object_version.object
    new_obj = newer._object_version.object
    has_uses = hasattr(new_obj, "uses")
    return compare_objects(
        old_obj,
        new_obj,
        labels,
        old_uses=version_uses(older) if has_uses else None,
        new_uses=version_uses(newer) if has_uses else None,
    )


def compare_objects(
    old_obj: models.Model,
    new_obj: models.Model,
    labels: tuple[str, str],
    *,
    old_uses: list[MedicationUse] | None = None,
    new_uses: list[MedicationUse] | None = None,
) -> list[FieldDiff]:
    """The fields (and uses) that differ between two states of a page, word by word."""
    diffs: list[FieldDiff] = []
    for field in type(new_obj)._meta.concrete_fields:
        if field.name in SKIP or field.generated:
            continue
        before, after = _display(old_obj, field), _display(new_obj, field)
        if before != after:
            diffs.append(
                FieldDiff(
                    str(field.verbose_name).capitalize(),
                    _table(before.splitlines(), after.splitlines(), labels),
                )
            )
    if old_uses is not None and new_uses is not None:
        before, after = _uses_lines(old_uses), _uses_lines(new_uses)
        if before != after:
            diffs.append(FieldDiff("Uses", _table(before, after, labels)))
    return diffs
