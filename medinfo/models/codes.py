"""The code index: one row per clinical code on a live page, for indexed look-ups.

The page's own text field (e.g. `MedicationArticle.rxnorm_codes`) is what staff
edit and what revisions and pending copies carry. This table follows it on every
save of a live page (a pending copy's codes arrive when it is approved), and its
unique constraint is the database's guarantee that a code leads to one page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .. import codes
from ..codes import CodeSystem


class ContentCode(models.Model):
    system = models.CharField(max_length=10, choices=CodeSystem.choices)
    code = models.CharField(max_length=codes.MAX_CODE_LENGTH)
    medication = models.ForeignKey(
        "medinfo.MedicationArticle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="code_index",
    )
    indication = models.ForeignKey(
        "medinfo.Indication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="code_index",
        verbose_name="condition",
    )

    class Meta:
        ordering = ["system", "code"]
        verbose_name = "code"
        verbose_name_plural = "codes"
        constraints = [
            # Also the index every look-up uses (system and code, or a code's prefixes).
            models.UniqueConstraint(fields=["system", "code"], name="unique_content_code"),
            models.CheckConstraint(
                condition=Q(medication__isnull=True) ^ Q(indication__isnull=True),
                name="content_code_one_page",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_system_display()} {self.code}"


def _owner_field(model) -> str:
    return "medication" if model._meta.model_name == "medicationarticle" else "indication"


def wanted_codes(page) -> list[tuple[str, str]]:
    """(system, code) for every valid code in the page's code fields."""
    found = []
    for field, system in page.CODE_FIELDS.items():
        try:
            found += [(system, code) for code in codes.parse(system, getattr(page, field))]
        except ValidationError:
            continue  # clean() reports it; the index keeps only real codes
    return found


def code_errors(page) -> dict[str, str]:
    """Format errors and codes another page already has, by field (for clean())."""
    errors: dict[str, str] = {}
    owner = _owner_field(type(page))
    # A pending copy shares its live page's codes until it is approved.
    live_pk = page.__dict__.get("draft_of_id") or page.pk
    for field, system in page.CODE_FIELDS.items():
        try:
            parsed = codes.parse(system, getattr(page, field))
        except ValidationError as error:
            errors[field] = error.messages[0]
            continue
        setattr(page, field, ", ".join(parsed))
        if not parsed:
            continue
        taken = (
            ContentCode.objects.filter(system=system, code__in=parsed)
            .exclude(**{f"{owner}_id": live_pk})
            .select_related("medication", "indication")
        )
        clashes = [
            f"{row.code} is already on “{row.medication or row.indication}”"
            for row in taken.order_by("code")
        ]
        if clashes:
            errors[field] = (
                f"{'; '.join(clashes)}. A {CodeSystem(system).label} code can lead to only "
                "one page: remove it there first."
            )
    return errors


def sync_code_index(sender, instance, update_fields=None, **kwargs) -> None:
    """post_save: the index holds exactly the codes of each live page."""
    if update_fields is not None and not set(update_fields) & set(instance.CODE_FIELDS):
        return
    if instance.__dict__.get("draft_of_id"):
        return  # a pending copy: its codes count once it is approved
    owner = _owner_field(sender)
    wanted = set(wanted_codes(instance))
    rows = ContentCode.objects.filter(**{owner: instance})
    have = set(rows.values_list("system", "code"))
    if have == wanted:
        return
    stale = have - wanted
    if stale:
        rows.filter(
            Q.create([Q(system=system, code=code) for system, code in stale], connector=Q.OR)
        ).delete()
    ContentCode.objects.bulk_create(
        ContentCode(system=system, code=code, **{owner: instance}) for system, code in wanted - have
    )


_FIELD_TEXT = {
    CodeSystem.RXNORM: (
        "RxNorm codes (RxCUI)",
        "The ingredient's RxCUI (diazepam: 3322), then any product codes, separated by commas. "
        "Clinic systems (EHR, patient portal) link to this page by these codes.",
    ),
    CodeSystem.ICD10CM: (
        "ICD-10-CM codes",
        "Codes or code families, separated by commas, e.g. F41 (every code that starts F41) or "
        "F10.23. A diagnosis code from a clinic system leads to the condition with the longest "
        "matching code.",
    ),
    CodeSystem.SNOMEDCT: (
        "SNOMED CT concept ids",
        "Optional, separated by commas, e.g. 197480006 (anxiety disorder).",
    ),
}


def codes_field(system: CodeSystem) -> models.CharField:
    """The text field staff type a page's codes of one system into."""
    label, help_text = _FIELD_TEXT[system]
    return models.CharField(label, max_length=500, blank=True, help_text=help_text)
