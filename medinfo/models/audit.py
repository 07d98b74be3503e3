"""The audit log: one row per thing that happened to a page, by whom and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .publishing import Status


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    TRANSITION = "transition", "Status changed"
    RESTORED = "restored", "Restored from history"
    DELETED = "deleted", "Deleted"


class WorkflowEvent(models.Model):
    """One thing that happened to a page: an edit or a change of status, by whom and when.

    Kept for any content type, so the audit page lists conditions and medicines
    together; rows outlive the page (object_repr) and the user (SET_NULL).
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField("page", max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workflow_events",
        verbose_name="who",
    )
    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.object_repr}: {self.get_kind_display()} by {self.user or 'system'}"

    @property
    def transition_label(self) -> str:
        if self.kind == EventKind.TRANSITION:
            return f"{Status(self.from_status).label} → {Status(self.to_status).label}"
        return ""
