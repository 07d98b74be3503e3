"""Patients' answers to "Was this page helpful?", kept without personal data.

One row per stored answer: which page, yes or no, and after a "no" the reason
and a comment scrubbed of contact details and record numbers. Nothing about
the person is kept: no address, user agent, cookie or session, and the date
only, not the time. `delete_old_feedback` removes answers past their keeping
period (FEEDBACK_RETENTION_DAYS).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 500


class Reason(models.TextChoices):
    # Patients read these: translated with the page.
    HARD_TO_UNDERSTAND = "hard_to_understand", _("It was hard to understand")
    NOT_ANSWERED = "not_answered", _("It did not answer my question")
    WRONG_OR_OUT_OF_DATE = "wrong", _("Something seems wrong or out of date")
    OTHER = "other", _("Something else")


class FeedbackQuerySet(models.QuerySet):
    def for_page(self, page) -> FeedbackQuerySet:
        """Answers about a medicine or a condition page (a pending copy counts as its page)."""
        live_id = page.pending_copy_of_id or page.pk
        field = "medication_id" if page._meta.model_name == "medicationarticle" else "indication_id"
        return self.filter(**{field: live_id})

    def older_than(self, days: int) -> FeedbackQuerySet:
        return self.filter(submitted_on__lt=timezone.localdate() - datetime.timedelta(days=days))


class PageFeedback(models.Model):
    medication = models.ForeignKey(
        "medinfo.MedicationArticle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="medicine",
    )
    indication = models.ForeignKey(
        "medinfo.Indication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="condition",
    )
    helpful = models.BooleanField("helpful", help_text="The patient's answer: yes or no.")
    reason = models.CharField("what was wrong", max_length=20, choices=Reason.choices, blank=True)
    comment = models.TextField(
        blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="Phone numbers, e-mail addresses, long numbers and dates were removed "
        "before it was stored.",
    )
    submitted_on = models.DateField(
        "date", default=timezone.localdate, db_index=True, help_text="The date only, no time."
    )
    page_approved_at = models.DateTimeField(
        "page version",
        null=True,
        blank=True,
        help_text="When the version of the page the patient answered about was approved.",
    )
    handled = models.BooleanField(default=False, help_text="Staff have dealt with this comment.")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    handled_on = models.DateField(null=True, blank=True, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = "patient feedback"
        verbose_name_plural = "patient feedback"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(medication__isnull=False, indication__isnull=True)
                    | Q(medication__isnull=True, indication__isnull=False)
                ),
                name="feedback_about_one_page",
            ),
        ]

    def __str__(self) -> str:
        answer = "helpful" if self.helpful else "not helpful"
        return f"{self.page}: {answer} ({self.submitted_on:%d %b %Y})"

    @property
    def page(self):
        return self.medication or self.indication
