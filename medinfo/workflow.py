"""Editorial workflow: who may move a page between draft, in review, published, archived.

The rules live here and are enforced by the admin form (`medinfo.admin_forms`),
not by hiding buttons: a POST that breaks a rule is refused with a message.

- Editors create and edit pages and submit them for review; they cannot publish.
- Clinical reviewers approve and publish, send back with a comment, unpublish, archive.
- Four-eyes: whoever last changed a page's content may never approve it, whatever
  their groups or superuser flag.
- Safety gate: a controlled or boxed-warning medicine cannot be approved while
  its serious-warnings or stopping-safely section is empty.
"""

from __future__ import annotations

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .models import (
    EventKind,
    Indication,
    MedicationArticle,
    MedicationUse,
    Status,
    WorkflowEvent,
)

EDITORS = "Editors"
CLINICAL_REVIEWERS = "Clinical reviewers"

# Fields whose change is a change of workflow state, not of content.
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
        "created_at",
        "updated_at",
    }
)

# (from, to) -> what the move is called. Anything else is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.IN_REVIEW): "submit for review",
    (Status.IN_REVIEW, Status.DRAFT): "send back to draft",
    (Status.IN_REVIEW, Status.PUBLISHED): "approve and publish",
    (Status.PUBLISHED, Status.DRAFT): "unpublish",
    (Status.PUBLISHED, Status.ARCHIVED): "archive",
    (Status.DRAFT, Status.ARCHIVED): "archive",
    (Status.IN_REVIEW, Status.ARCHIVED): "archive",
    (Status.ARCHIVED, Status.DRAFT): "move back to draft",
}
# Moves that take a page away from patients or judge someone's work need a reviewer.
REVIEWER_ONLY = {
    (Status.IN_REVIEW, Status.PUBLISHED),
    (Status.PUBLISHED, Status.DRAFT),
    (Status.PUBLISHED, Status.ARCHIVED),
}


def publish_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def change_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def can_publish(user, model: type[models.Model]) -> bool:
    return bool(user and user.is_active and user.has_perm(publish_permission(model)))


def is_author(user, obj) -> bool:
    """The four-eyes test: did this user make the content now waiting for approval?"""
    return obj.changed_by_id is not None and obj.changed_by_id == user.pk


def check_transition(
    user, obj, old: str, new: str, *, comment: str = "", content_changed: bool = False
) -> None:
    """Raise ValidationError (by field) if `user` may not move `obj` from old to new.

    `content_changed` is true when the same save also changes content: the user
    then becomes its author, so the same save cannot also approve it.
    """
    if old == new:
        return
    if obj.draft_of_id and new == Status.ARCHIVED:
        raise ValidationError(
            {"status": "Pending changes cannot be archived: delete them to discard them."}
        )
    model = type(obj)
    name = TRANSITIONS.get((old, new))
    old_label, new_label = Status(old).label, Status(new).label
    if name is None:
        hint = ""
        if new == Status.PUBLISHED:
            hint = " Submit it for review: a clinical reviewer approves and publishes it."
        raise ValidationError(
            {"status": f"A page cannot go straight from {old_label} to {new_label}.{hint}"}
        )
    if (old, new) in REVIEWER_ONLY and not can_publish(user, model):
        raise ValidationError(
            {
                "status": f"Only clinical reviewers can {name}. "
                + (
                    "Your changes can be saved as a draft or submitted for review."
                    if new == Status.PUBLISHED
                    else "Ask a clinical reviewer."
                )
            }
        )
    if (old, new) == (Status.IN_REVIEW, Status.DRAFT) and not is_author(user, obj):
        if not can_publish(user, model):
            raise ValidationError(
                {"status": "Only a clinical reviewer or the page's author can send it back."}
            )
        if not comment.strip():
            raise ValidationError(
                {"workflow_comment": "Say what needs changing when you send a page back."}
            )
    if new == Status.PUBLISHED:
        if content_changed or is_author(user, obj):
            raise ValidationError(
                {
                    "status": "You made the latest changes to this page, so another clinical "
                    "reviewer must approve them (four-eyes rule). Submit it for review instead."
                }
            )
        problems = getattr(obj, "safety_gate_problems", dict)()
        if problems:
            raise ValidationError(problems)


def _page(obj):
    """Events on a pending copy belong to the history of the live page it will update."""
    return obj.draft_of if getattr(obj, "draft_of_id", None) else obj


def record(obj, user, kind: str, *, old: str = "", new: str = "", comment: str = ""):
    page = _page(obj)
    label = f"{obj} (pending changes)" if page is not obj else str(obj)
    return WorkflowEvent.objects.create(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=True),
        object_id=page.pk,
        object_repr=label[:200],
        kind=kind,
        from_status=old,
        to_status=new,
        user=user if user and user.is_authenticated else None,
        comment=comment,
    )


def history(obj):
    page = _page(obj)
    return WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=True),
        object_id=page.pk,
    ).select_related("user")


def last_save(obj) -> WorkflowEvent | None:
    return history(obj).exclude(kind=EventKind.DELETED).first()


# Pending changes to live pages ---------------------------------------------------------
#
# A published page is never edited in place. Editing it makes a working copy
# (`draft_of` points at the live page) that goes through draft -> in review like
# any page; approving the copy writes its content and uses onto the live page and
# deletes the copy. Until then patients keep seeing the approved version.


def is_live_page(obj) -> bool:
    """A published page itself (not a copy): its content changes only through a copy.

    Uses the status as loaded from the database: a submitted form may already
    have changed `status` on the instance.
    """
    if obj is None or obj.pk is None or obj.draft_of_id:
        return False
    return getattr(obj, "_workflow_stored_status", obj.status) == Status.PUBLISHED


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
    MedicationUse.objects.bulk_create(uses)


def start_pending_copy(live, user):
    """The working copy of a live page, made now if there is none yet."""
    existing = type(live)._default_manager.filter(draft_of=live).first()
    if existing is not None:
        return existing
    copy = type(live)(draft_of=live, status=Status.DRAFT)
    _copy_content(live, copy)
    copy.changed_by = None  # nobody has changed anything yet
    copy.save()
    _set_uses(copy, _uses_of(live))
    record(copy, user, EventKind.CREATED, comment="Started editing a copy of the live page.")
    return copy


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
    copy.delete()
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Approved the pending changes.")
        live.save()
        _set_uses(live, uses)
        reversion.add_to_revision(live)
    return live


def restore_into_copy(live, version, user):
    """Put an old revision of a live page into its pending copy, to be approved like any edit."""
    copy = start_pending_copy(live, user)
    old = version._object_version.object
    for name in content_field_names(type(live)):
        setattr(copy, name, getattr(old, name))
    copy.changed_by = user
    copy.save()
    if isinstance(live, MedicationArticle):
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
            copy,
            [
                MedicationUse(
                    indication_id=u.indication_id, kind=u.kind, note=u.note, order=u.order
                )
                for u in old_uses
                if u.indication_id in existing
            ],
        )
    record(copy, user, EventKind.RESTORED, comment="An earlier revision, pending approval.")
    return copy
