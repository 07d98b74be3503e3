"""Publishing state: workflow states, the `published()` rule, the fields every page shares."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..canonical import CanonicalTextModel


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


# Fields that say where a page is in the workflow (and what is computed from it),
# not what it says. The one list for the whole app: an edit of these is not a
# change of content, pending copies do not copy them, revisions do not restore them.
WORKFLOW_FIELDS = frozenset(
    {
        "draft_of",
        "status",
        "published_at",
        "edit_version",
        "changed_by",
        "approved_by",
        "approved_at",
        "reviewed_by",
        "last_reviewed",
        "next_review_due",
        "reading_grade",
        "reading_ease",
        "search_document",
        "created_at",
        "updated_at",
    }
)
# A revision still keeps the review record and the times, so History can show them,
# and the edit version, so a refused stale save can show what changed since.
REVISION_EXCLUDE = tuple(
    sorted(
        WORKFLOW_FIELDS
        - {
            "reviewed_by",
            "last_reviewed",
            "next_review_due",
            "created_at",
            "updated_at",
            "edit_version",
        }
    )
)


class TimeStamped(models.Model):
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        abstract = True


class PublishableQuerySet(models.QuerySet):
    def published(self, now: datetime.datetime | None = None) -> PublishableQuerySet:
        """What an anonymous visitor may see.

        Published means status "published" (so approved by a clinical reviewer),
        a publication date that has arrived, a go-live time (if any) that has
        passed and an expiry time (if any) that has not. Evaluated at request
        time (`now`, default the current time), so scheduling needs no cron job.
        A pending copy of a live page is never published itself. Every public
        view, the sitemap and search start from here.
        """
        if now is None:
            now = timezone.now()
        return self.filter(
            Q(go_live_at__isnull=True) | Q(go_live_at__lte=now),
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            status=Status.PUBLISHED,
            published_at__lte=now,
            draft_of__isnull=True,
        )

    def live(self) -> PublishableQuerySet:
        """Pages themselves, without the pending-changes copies of live pages."""
        return self.filter(draft_of__isnull=True)


class Publishable(CanonicalTextModel, TimeStamped):
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published pages are shown to patients.",
    )
    published_at = models.DateTimeField(
        "published",
        null=True,
        blank=True,
        help_text="Set automatically the first time the page is published.",
    )
    go_live_at = models.DateTimeField(
        "go live",
        null=True,
        blank=True,
        help_text="Optional: once approved, show the page to patients only from this time.",
    )
    expires_at = models.DateTimeField(
        "expires",
        null=True,
        blank=True,
        help_text="Optional: stop showing the page to patients at this time.",
    )
    edit_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Goes up by one on every save; stops one editor overwriting another.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="content last changed by",
        help_text="The author of the current content: they may not approve it.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="approved by",
    )
    approved_at = models.DateTimeField("approved", null=True, blank=True, editable=False)
    draft_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="pending_draft",
        verbose_name="pending changes to",
        help_text="Set on a working copy of a live page: approving it updates the live page.",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        old_slug = self._public_slug_before(kwargs.get("update_fields"))
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.edit_version += 1
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            from .redirects import remember_old_address

            remember_old_address(self, old_slug)

    def _public_slug_before(self, update_fields) -> str | None:
        """The address patients knew, when this save moves a live page to a new one.

        Live pages change only when an approved copy is merged into them, so
        this is the moment an approved change renames a page.
        """
        if (
            self.pk is None
            or self.pending_copy_of_id
            or self.status != Status.PUBLISHED
            or (update_fields is not None and "slug" not in update_fields)
        ):
            return None
        stored = (
            type(self)
            ._default_manager.filter(pk=self.pk, status=Status.PUBLISHED)
            .values_list("slug", flat=True)
            .first()
        )
        return stored if stored != self.slug else None

    @property
    def is_published(self) -> bool:
        """The same rule as `published()`, for one object already in memory."""
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and not self.pending_copy_of_id
            and self.published_at is not None
            and self.published_at <= now
            and (self.go_live_at is None or self.go_live_at <= now)
            and (self.expires_at is None or self.expires_at > now)
        )

    @property
    def pending_copy_of_id(self) -> int | None:
        # Read without loading a deferred field: public lists use .only(), and only
        # live pages (draft_of empty) are ever listed there.
        return self.__dict__.get("draft_of_id")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.go_live_at and self.expires_at and self.expires_at <= self.go_live_at:
            errors["expires_at"] = "The expiry must be after the go-live time."
        # Unique among pages (the database enforces it too); a pending copy shares
        # its live page's values, and must not take another page's.
        others = type(self)._default_manager.live().exclude(pk=self.draft_of_id or self.pk)
        for name in ("slug", "name"):
            value = getattr(self, name, None)
            if value and others.filter(**{name: value}).exists():
                label = self._meta.get_field(name).verbose_name
                errors[name] = f"A {self._meta.verbose_name} with this {label} already exists."
        if errors:
            raise ValidationError(errors)
