"""Who may do what to a page, in which state: the one place to answer "who may approve this?".

The admin form (`editorial.forms`) applies these rules to every submitted action,
so a hand-made POST is refused just like a click; the admin shows only the
actions these rules allow.

- Editors create and edit pages and submit them for review; they cannot publish.
- Clinical reviewers approve and publish, send back with a comment, unpublish, archive.
- Four-eyes: whoever last changed a page's content may never approve it, whatever
  their groups or superuser flag.
- Safety gate: a controlled or boxed-warning medicine cannot be approved while
  its serious-warnings or stopping-safely section is empty.
- Live pages are not edited in place: their content changes through a pending copy.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ..models import REVIEW_INTERVAL, Status
from .groups import CLINICAL_REVIEWERS, is_clinical_reviewer

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


def is_live_page(obj, stored_status: str | None = None) -> bool:
    """A published page itself (not a copy): its content changes only through a copy.

    `stored_status` is the status as loaded from the database, when a submitted
    form may already have changed `status` on the instance.
    """
    if obj is None or obj.pk is None or obj.draft_of_id:
        return False
    return (stored_status or obj.status) == Status.PUBLISHED


def approve_review(obj, user) -> None:
    """An approval by a clinician is a clinical review: who, when, and the next due date.

    An approval by someone outside Clinical reviewers (e.g. a superuser) publishes
    but leaves the review record alone: only a clinician's review counts.
    """
    if not is_clinical_reviewer(user):
        return
    obj.reviewed_by = user
    obj.last_reviewed = timezone.localdate()
    obj.next_review_due = obj.last_reviewed + REVIEW_INTERVAL


def review_refusal(user, obj=None) -> str:
    """Why `user` may not record a clinical review (of `obj`, if given) with no changes.

    '' when they may. Only members of Clinical reviewers record reviews, and never of
    content they wrote themselves (four-eyes).
    """
    if not is_clinical_reviewer(user):
        return f"Only members of {CLINICAL_REVIEWERS} can record a clinical review."
    if obj is not None and is_author(user, obj):
        return (
            "you made the latest changes, so another clinical reviewer must review them "
            "(four-eyes rule)"
        )
    return ""
