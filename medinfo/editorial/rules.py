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

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone

from ..models import REVIEW_INTERVAL, Status
from .groups import CLINICAL_REVIEWERS, is_clinical_reviewer


@dataclass(frozen=True)
class Action:
    """A button on the change form: what it is called and which move it makes."""

    name: str  # the value the button posts as `_action`
    label: str  # exactly as staff see it (checks and docs rely on these)
    from_states: frozenset[str]
    to_state: str | None  # None: the status stays as it is
    reviewer_only: bool = False
    saves_content: bool = True  # False: content edits in the same post are refused


def _states(*states: str) -> frozenset[str]:
    return frozenset(states)


SAVE = Action(
    "save", "Save draft", _states(Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED), Status.DRAFT
)
SUBMIT = Action("submit", "Submit for review", _states(Status.DRAFT), Status.IN_REVIEW)
PUBLISH = Action(
    "publish",
    "Approve and publish",
    _states(Status.IN_REVIEW),
    Status.PUBLISHED,
    reviewer_only=True,
    saves_content=False,
)
SEND_BACK = Action(
    "send_back",
    "Send back",
    _states(Status.IN_REVIEW),
    Status.DRAFT,
    reviewer_only=True,
    saves_content=False,
)
UNPUBLISH = Action(
    "unpublish", "Unpublish", _states(Status.PUBLISHED), Status.DRAFT, reviewer_only=True
)
ARCHIVE = Action("archive", "Archive", _states(Status.DRAFT, Status.IN_REVIEW), Status.ARCHIVED)
# A live page's schedule (go-live and expiry) is the one thing changed on it in place.
SCHEDULE = Action("schedule", "Save schedule", _states(Status.PUBLISHED), None, reviewer_only=True)
ACTIONS = {a.name: a for a in (SAVE, SUBMIT, PUBLISH, SEND_BACK, UNPUBLISH, ARCHIVE, SCHEDULE)}


def publish_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def change_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def can_publish(user, model: type[models.Model]) -> bool:
    return bool(user and user.is_active and user.has_perm(publish_permission(model)))


def is_author(user, obj) -> bool:
    """The four-eyes test: did this user make the content now waiting for approval?"""
    return obj.changed_by_id is not None and obj.changed_by_id == user.pk


def may(user, obj, action: Action, model: type[models.Model] | None = None) -> bool:
    """Whether `action` is offered to `user` on `obj` as stored (a page being added: obj None).

    Blocking reasons that the user can fix (safety gate, required fields) do not
    hide an action; `approval_blockers` lists them next to the fields concerned.
    """
    if obj is None or obj.pk is None:  # a new page: saved as a draft or submitted
        return action in (SAVE, SUBMIT)
    state = obj.status
    model = model or type(obj)
    if state not in action.from_states and not (action is ARCHIVE and state == Status.PUBLISHED):
        return False
    if obj.draft_of_id and action in (ARCHIVE, UNPUBLISH, SCHEDULE):
        return False  # a pending copy is discarded by deleting it, never archived
    if action is ARCHIVE and state == Status.PUBLISHED:
        return can_publish(user, model)  # taking a page away from patients
    if action.reviewer_only and not can_publish(user, model):
        return False
    if action is SAVE and state == Status.IN_REVIEW and not is_author(user, obj):
        return False  # the author withdraws it; a reviewer sends it back with a comment
    # Four-eyes: the author neither approves (the form says why) nor sends back
    # their own change (they withdraw it with Save draft).
    return not (action in (PUBLISH, SEND_BACK) and is_author(user, obj))


def available(user, obj, model: type[models.Model]) -> list[Action]:
    return [action for action in ACTIONS.values() if may(user, obj, action, model)]


def approval_blockers(obj, use_count: int | None = None) -> dict[str, str]:
    """What stops `obj` being approved now, by field: safety gate, required fields.

    NON_FIELD_ERRORS for a problem of no one field (a medicine without uses).
    """
    problems: dict[str, str] = {}
    publication = getattr(obj, "publication_problems", None)
    if publication is not None:
        for field, message in publication(use_count).items():
            problems[NON_FIELD_ERRORS if field == "status" else field] = message
    elif not getattr(obj, "summary", "x").strip():
        problems["summary"] = f"A published {obj._meta.verbose_name} needs a summary."
    problems.update(getattr(obj, "safety_gate_problems", dict)())
    return problems


FOUR_EYES = (
    "You made the latest changes to this page, so another clinical reviewer must approve "
    "them (four-eyes rule)."
)


def check(
    user,
    obj,
    action: Action,
    *,
    comment: str = "",
    content_changed: bool = False,
    use_count: int | None = None,
) -> None:
    """Raise ValidationError (by field, or for the page) if `user` may not do `action`.

    `obj` holds the stored status and the submitted content. `content_changed` is
    true when the same post also changes content: the user would then be its author,
    so the same post cannot also approve it.
    """
    model = type(obj)
    if not may(user, obj, action):
        takes_page_away = action is ARCHIVE and obj.status == Status.PUBLISHED
        if (action.reviewer_only or takes_page_away) and not can_publish(user, model):
            hint = (
                " Your changes can be saved as a draft or submitted for review."
                if action is PUBLISH
                else " Ask a clinical reviewer."
            )
            raise ValidationError(
                {NON_FIELD_ERRORS: f"Only clinical reviewers can {action.label.lower()}.{hint}"}
            )
        if action is PUBLISH and is_author(user, obj):
            raise ValidationError({NON_FIELD_ERRORS: f"{FOUR_EYES} Submit it for review instead."})
        if obj.pk and obj.draft_of_id and action in (ARCHIVE, UNPUBLISH, SCHEDULE):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: "Pending changes cannot be archived or unpublished: "
                    "discard them (delete) instead."
                }
            )
        state = Status(obj.status if obj.pk else Status.DRAFT).label
        hint = ""
        if action is PUBLISH:
            hint = " Submit it for review: a clinical reviewer approves and publishes it."
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"'{action.label}' is not possible on a page that is "
                f"{state.lower()}.{hint}"
            }
        )
    if is_live_page(obj) and content_changed:
        raise ValidationError(
            {
                None: "This page is live, so its content is changed through a copy that is "
                "approved before patients see it: use 'Edit as a new draft'."
            }
        )
    if content_changed and not action.saves_content:
        if action is PUBLISH:
            raise ValidationError(
                {
                    None: f"You changed the content, so you would be its author. {FOUR_EYES} "
                    "Save your changes as a draft and submit them, or approve without changing."
                }
            )
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"'{action.label}' does not keep edits: save them "
                "first, or undo them."
            }
        )
    if action is SEND_BACK and not comment.strip():
        raise ValidationError(
            {"workflow_comment": "Say what needs changing when you send a page back."}
        )
    if action is PUBLISH:
        problems = approval_blockers(obj, use_count)
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
