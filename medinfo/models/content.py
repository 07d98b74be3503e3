"""Content: medicines, the conditions they treat and each use between them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Substr, Upper
from django.utils import timezone

from .. import search_document as document
from ..canonical import CanonicalTextModel
from ..codes import CodeSystem
from ..editorial.groups import CLINICAL_REVIEWERS
from ..links import slug_url
from ..richtext import RichTextField
from .codes import code_errors, codes_field
from .drug_classes import DrugClass
from .publishing import Publishable, Status
from .review import REVIEW_INTERVAL, ReviewedQuerySet, due_soon
from .text import split_names, text_lines

# Long-form condition fields edited as rich text.
INDICATION_RICH_TEXT_FIELDS = ("body", "when_to_get_help")


class Indication(Publishable):
    """A condition a medicine is used for, with a page of its own."""

    name = models.CharField(max_length=120, help_text="As patients know it.")
    slug = models.SlugField(
        max_length=120,
        help_text="The end of the page address, e.g. anxiety-disorders.",
    )
    synonyms = models.TextField(
        "also called",
        blank=True,
        help_text="Other names patients use, separated by commas (e.g. epilepsy, fits).",
    )
    summary = models.TextField(
        blank=True,
        help_text="One or two plain sentences shown in lists and search results.",
    )
    body = RichTextField(
        "about this condition",
        blank=True,
        help_text="Plain-language explanation: short paragraphs, headings and lists.",
    )
    when_to_get_help = RichTextField(
        "when to get help",
        blank=True,
        help_text="Signs that mean the patient should call their clinic or emergency services.",
    )
    icd10cm_codes = codes_field(CodeSystem.ICD10CM)
    snomed_codes = codes_field(CodeSystem.SNOMEDCT)
    search_document = document.document_field(
        document.document(document.CONDITION_DOCUMENT, rich_text=INDICATION_RICH_TEXT_FIELDS),
        help_text="Kept by the database (PostgreSQL): the words search matches, weighted.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "condition"
        verbose_name_plural = "conditions"
        permissions = [("publish_indication", "Can approve and publish conditions")]
        # A pending draft of a live page shares its name and address until approved.
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(draft_of__isnull=True),
                name="unique_condition_name",
                violation_error_message="A condition with this name already exists.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(draft_of__isnull=True),
                name="unique_condition_slug",
                violation_error_message="A condition with this address (slug) already exists.",
            ),
        ]

    CODE_FIELDS = {"icd10cm_codes": CodeSystem.ICD10CM, "snomed_codes": CodeSystem.SNOMEDCT}

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.pending_copy_of_id:
            return self.draft_of.get_absolute_url() + "?preview=draft"
        return slug_url("medinfo:condition_detail", self.slug)

    @property
    def synonym_list(self) -> list[str]:
        return split_names(self.synonyms)

    def clean(self) -> None:
        super().clean()
        errors = code_errors(self)
        if self.status == Status.PUBLISHED and not self.summary.strip():
            errors["summary"] = "A published condition needs a summary."
        if errors:
            raise ValidationError(errors)


class PrescriptionStatus(models.TextChoices):
    PRESCRIPTION = "prescription", "Prescription only"
    PHARMACY = "pharmacy", "Pharmacy (behind the counter)"
    OTC = "otc", "Over the counter"


class ControlledSchedule(models.TextChoices):
    NONE = "", "Not a controlled substance"
    SCHEDULE_I = "I", "US Schedule I"
    SCHEDULE_II = "II", "US Schedule II"
    SCHEDULE_III = "III", "US Schedule III"
    SCHEDULE_IV = "IV", "US Schedule IV"
    SCHEDULE_V = "V", "US Schedule V"


# The text a patient reads on a medicine page, measured for reading level: the
# same fields the search document indexes below the names (summary, then body).
PATIENT_TEXT_FIELDS = (*document.MEDICINE_SUMMARY_FIELDS, *document.MEDICINE_BODY_FIELDS)
# What `public_drug_class` reads, for querysets that load only some columns.
PUBLIC_CLASS_FIELDS = tuple(
    f"drug_class__{name}"
    for name in ("name", "slug", "status", "published_at", "go_live_at", "expires_at")
)
# Long-form fields edited as rich text (the one-item-per-line fields stay plain).
ARTICLE_RICH_TEXT_FIELDS = (
    "boxed_warning",
    "how_it_works",
    "how_to_take",
    "side_effects",
    "serious_warnings",
    "interactions",
    "pregnancy_breastfeeding",
    "dependence_and_stopping",
)


class MedicationArticle(Publishable):
    """One medicine's patient information page."""

    title = models.CharField(max_length=160, help_text="Page heading, e.g. 'Diazepam (Valium)'.")
    slug = models.SlugField(
        max_length=160,
        help_text="The end of the page address, usually the generic name, e.g. diazepam.",
    )
    generic_name = models.CharField(
        max_length=120, help_text="Non-proprietary name, e.g. diazepam."
    )
    brand_names = models.CharField(
        max_length=255,
        blank=True,
        help_text="Brand names separated by commas, e.g. Valium, Diastat.",
    )
    drug_class = models.ForeignKey(
        DrugClass,
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
        limit_choices_to={"draft_of__isnull": True},
        help_text="The family of medicines it belongs to. Patients see it once the class "
        "itself is approved.",
    )
    prescription_status = models.CharField(
        max_length=20,
        choices=PrescriptionStatus.choices,
        default=PrescriptionStatus.PRESCRIPTION,
    )
    controlled_schedule = models.CharField(
        "controlled-substance schedule",
        max_length=4,
        choices=ControlledSchedule.choices,
        default=ControlledSchedule.NONE,
        blank=True,
        help_text="US Controlled Substances Act schedule, if any.",
    )
    indications = models.ManyToManyField(
        Indication, through="MedicationUse", related_name="medications", blank=True
    )
    rxnorm_codes = codes_field(CodeSystem.RXNORM)

    summary = models.TextField(
        blank=True, help_text="Two or three plain sentences: what it is and what it is for."
    )
    key_facts = models.TextField(blank=True, help_text="The most important points, one per line.")
    boxed_warning = RichTextField(
        blank=True,
        help_text="The FDA boxed warning in plain words, if the medicine has one. "
        "Shown in a call-out near the top of the page.",
    )
    get_help_now = models.TextField(
        "get help now",
        blank=True,
        help_text="Emergency signs, one per line (e.g. very slow or shallow breathing).",
    )
    how_it_works = RichTextField(blank=True)
    how_to_take = RichTextField("how and when to take it", blank=True)
    side_effects = RichTextField(blank=True)
    serious_warnings = RichTextField(blank=True)
    interactions = RichTextField(
        blank=True, help_text="Other medicines, alcohol and foods to be careful with."
    )
    pregnancy_breastfeeding = RichTextField("pregnancy and breastfeeding", blank=True)
    dependence_and_stopping = RichTextField("dependence and stopping safely", blank=True)
    sources = models.TextField(blank=True, help_text="Where the facts come from, one per line.")

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        limit_choices_to={"groups__name": CLINICAL_REVIEWERS},
        help_text=f"The clinician who last reviewed this page (a member of {CLINICAL_REVIEWERS}). "
        "Set automatically when a reviewer approves it.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When a clinician last checked this page."
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Leave empty to use three years after the last review.",
    )
    reading_grade = models.FloatField(
        "reading grade",
        null=True,
        blank=True,
        editable=False,
        help_text="Flesch-Kincaid grade of the patient-facing text, drug names left out.",
    )
    reading_ease = models.FloatField(
        "reading ease",
        null=True,
        blank=True,
        editable=False,
        help_text="Flesch reading ease (0-100, higher is easier), drug names left out.",
    )
    search_document = document.document_field(
        document.document(document.MEDICINE_DOCUMENT, rich_text=ARTICLE_RICH_TEXT_FIELDS),
        help_text="Kept by the database (PostgreSQL): the words search matches, weighted.",
    )

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "medication article"
        verbose_name_plural = "medication articles"
        permissions = [("publish_medicationarticle", "Can approve and publish medication articles")]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(draft_of__isnull=True),
                name="unique_article_slug",
                violation_error_message="A medication article with this address (slug) "
                "already exists.",
            ),
        ]
        indexes = [
            # The A-Z: medicines by first letter, in title order, for big catalogues.
            models.Index(Upper(Substr("title", 1, 1)), F("title"), name="medinfo_article_az"),
        ]

    CODE_FIELDS = {"rxnorm_codes": CodeSystem.RXNORM}

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        level = self.measure_reading_level()
        self.reading_grade = level.grade if level else None
        self.reading_ease = level.ease if level else None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.pending_copy_of_id:
            return self.draft_of.get_absolute_url() + "?preview=draft"
        return slug_url("medinfo:medication_detail", self.slug)

    @property
    def brand_name_list(self) -> list[str]:
        return split_names(self.brand_names)

    @property
    def key_fact_list(self) -> list[str]:
        return text_lines(self.key_facts)

    @property
    def get_help_list(self) -> list[str]:
        return text_lines(self.get_help_now)

    @property
    def public_drug_class(self) -> DrugClass | None:
        """The class as patients may see it: only an approved (published) one.

        Reads the class's publishing columns: querysets that use this load them
        (PUBLIC_CLASS_FIELDS) so that it costs no query.
        """
        drug_class = self.drug_class if self.drug_class_id else None
        return drug_class if drug_class is not None and drug_class.is_published else None

    @property
    def is_controlled(self) -> bool:
        return bool(self.controlled_schedule)

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    @property
    def review_due_soon(self) -> bool:
        return due_soon(self.next_review_due, timezone.localdate())

    def patient_text_fields(self) -> list[str]:
        return [getattr(self, name) for name in PATIENT_TEXT_FIELDS]

    def measure_reading_level(self):
        from ..readability import measure

        return measure(
            [self.title, *self.patient_text_fields()],
            [self.generic_name, *self.brand_name_list],
        )

    def safety_gate_problems(self) -> dict[str, str]:
        """Sections a controlled or boxed-warning medicine must have before approval."""
        if not (self.is_controlled or self.boxed_warning.strip()):
            return {}
        reason = (
            "a controlled substance" if self.is_controlled else "a medicine with a boxed warning"
        )
        problems = {}
        if not self.serious_warnings.strip():
            problems["serious_warnings"] = (
                f"This is {reason}: it cannot be approved until 'Serious warnings' is filled in."
            )
        if not self.dependence_and_stopping.strip():
            problems["dependence_and_stopping"] = (
                f"This is {reason}: it cannot be approved until 'Dependence and stopping "
                "safely' is filled in."
            )
        return problems

    def publication_problems(self, use_count: int | None = None) -> dict[str, str]:
        """Why this article may not be published yet, by field; empty when it may.

        use_count lets a form pass the uses it is about to save.
        """
        problems: dict[str, str] = {}
        if not self.summary.strip():
            problems["summary"] = "A published article needs a plain-language summary."
        if use_count is None:
            use_count = self.uses.count() if self.pk else 0
        if use_count < 1:
            problems["status"] = (
                "A published article needs at least one use: add the condition it is "
                "used for under 'Uses' below."
            )
        return problems

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = code_errors(self)
        if self.brand_names:
            self.brand_names = ", ".join(split_names(self.brand_names))
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + REVIEW_INTERVAL
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = (
                f"The next review must be after the last review ({self.last_reviewed:%d %B %Y})."
            )
        if self.status == Status.PUBLISHED and not self.summary.strip():
            errors["summary"] = "A published article needs a plain-language summary."
        if errors:
            raise ValidationError(errors)


class UseKind(models.TextChoices):
    LABELLED = "labelled", "FDA-labelled"
    OFF_LABEL = "off_label", "Off-label"


class MedicationUse(CanonicalTextModel):
    """One use of a medicine for a condition, with a note on how it helps."""

    medication = models.ForeignKey(MedicationArticle, on_delete=models.CASCADE, related_name="uses")
    indication = models.ForeignKey(
        Indication,
        on_delete=models.PROTECT,
        related_name="uses",
        verbose_name="condition",
        limit_choices_to={"draft_of__isnull": True},
    )
    kind = models.CharField(
        "labelling",
        max_length=20,
        choices=UseKind.choices,
        default=UseKind.LABELLED,
        help_text="Off-label: prescribed for a use the FDA has not approved it for.",
    )
    note = models.TextField(
        blank=True, help_text="How this medicine helps this condition, in plain words."
    )
    order = models.PositiveSmallIntegerField(
        "display order", default=0, help_text="Lower numbers are shown first."
    )

    class Meta:
        ordering = ["order", "indication__name"]
        verbose_name = "use"
        verbose_name_plural = "uses"
        constraints = [
            models.UniqueConstraint(
                fields=["medication", "indication"],
                name="one_use_per_medication_and_condition",
                violation_error_message="This medicine already lists this condition.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.medication} for {self.indication}"

    @property
    def is_off_label(self) -> bool:
        return self.kind == UseKind.OFF_LABEL
