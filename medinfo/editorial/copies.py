"""Pending changes to live pages.

A published page is never edited in place. Editing it makes a working copy
(`draft_of` points at the live page) that goes through draft -> in review like
any page; approving the copy writes its content and uses onto the live page and
deletes the copy. Until then patients keep seeing the approved version.
"""

from __future__ import annotations

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Revision, Version

from ..canonical import canonicalise
from ..models import (
    WORKFLOW_FIELDS,
    EventKind,
    Indication,
    MedicationArticle,
    MedicationUse,
    Status,
)
from .events import record


def content_field_names(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        # The database computes generated fields (the search document) itself.
        if not field.primary_key and not field.generated and field.name not in WORKFLOW_FIELDS
    ]


def _copy_content(source, target) -> None:
    for name in content_field_names(type(source)):
        setattr(target, name, getattr(source, name))


def _uses_of(article) -> list[MedicationUse]:
    """Unsaved copies of an article's uses, to be given to another article."""
    if not isinstance(article, MedicationArticle):
        return []
    return [
        MedicationUse(
            indication_id=use.indication_id, kind=use.kind, note=use.note, order=use.order
        )
        for use in article.uses.all()
    ]


def _set_uses(article, uses: list[MedicationUse]) -> None:
    if not isinstance(article, MedicationArticle):
        return
    article.uses.all().delete()
    for use in uses:
        use.medication = article
        canonicalise(use)  # bulk_create does not call save()
    MedicationUse.objects.bulk_create(uses)


def start_pending_copy(live, user, *, log: bool = True):
    """The working copy of a live page, made now if there is none yet."""
    existing = type(live)._default_manager.filter(draft_of=live).first()
    if existing is not None:
        return existing
    copy = type(live)(draft_of=live, status=Status.DRAFT)
    _copy_content(live, copy)
    copy.changed_by = None  # nobody has changed anything yet
    copy.save()
    _set_uses(copy, _uses_of(live))
    if log:
        record(copy, user, EventKind.CREATED, comment="Started editing a copy of the live page.")
    return copy


def forget_revisions(copy) -> None:
    """A copy's own revisions go with it: the live page's revision records the change."""
    versions = Version.objects.get_for_object(copy)
    Revision.objects.filter(pk__in=versions.values("revision_id")).delete()


def version_label(version) -> str:
    """'29 Nov 2026, 17:02 (rita)': when a revision was saved, and by whom."""
    user = version.revision.user
    who = user.get_username() if user else "system"
    when = date_format(timezone.localtime(version.revision.date_created), "j M Y, H:i")
    return f"{when} ({who})"


def merge_pending_copy(copy, user, *, before_save=None):
    """Approve a copy: the live page takes its content and uses, and the copy goes.

    Runs inside the admin's transaction; the live page gets a revision of its own.
    """
    model = type(copy)
    live = model._default_manager.select_for_update().get(pk=copy.draft_of_id)
    uses = _uses_of(copy)
    _copy_content(copy, live)
    live.changed_by_id = copy.changed_by_id
    live.status = Status.PUBLISHED
    live.approved_by = user
    live.approved_at = timezone.now()
    if before_save is not None:
        before_save(live)
    forget_revisions(copy)
    copy.delete()
    author = copy.changed_by if copy.changed_by_id else user
    approver = user.get_full_name() or user.get_username()
    with reversion.create_revision():
        # Credited to whoever made the change; the approval is part of the record.
        reversion.set_user(author)
        reversion.set_comment(f"Changes approved by {approver}.")
        live.save()
        _set_uses(live, uses)
        reversion.add_to_revision(live)
    return live


def restore_into_copy(live, version, user):
    """Put an old revision of a live page into its pending copy, to be approved like any edit."""
    copy = start_pending_copy(live, user, log=False)
    _restore(copy, version, user)
    record(
        copy, user, EventKind.RESTORED, comment=f"Restored revision of {version_label(version)}."
    )
    return copy


def restore_in_place(page, version, user):
    """Put an old revision into a page that is not live; it becomes a draft by `user`."""
    page.status = Status.DRAFT
    _restore(page, version, user)
    record(
        page, user, EventKind.RESTORED, comment=f"Restored revision of {version_label(version)}."
    )
    return page


def _restore(target, version, user) -> None:
    old = version._object_version.object
    for name in content_field_names(type(target)):
        setattr(target, name, getattr(old, name))
    target.changed_by = user
    target.save()
    if isinstance(target, MedicationArticle):
        use_type = ContentType.objects.get_for_model(MedicationUse)
        old_uses = [
            v._object_version.object
            for v in version.revision.version_set.filter(content_type=use_type)
        ]
        existing = set(
            Indication.objects.live()
            .filter(pk__in=[u.indication_id for u in old_uses])
            .values_list("pk", flat=True)
        )
        _set_uses(
            target,
            [
                MedicationUse(
                    indication_id=u.indication_id, kind=u.kind, note=u.note, order=u.order
                )
                for u in old_uses
                if u.indication_id in existing
            ],
        )
