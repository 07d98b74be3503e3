"""The audit trail: record what happened to a page, and read a page's history.

Events on a pending copy belong to the history of the live page it will update.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from ..models import EventKind, Status, WorkflowEvent


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


def latest_send_back(history, obj) -> WorkflowEvent | None:
    """The reviewer's comment that sent this draft back, if that is its latest news."""
    if obj is None or obj.pk is None or obj.status != Status.DRAFT:
        return None
    for event in history:
        if event.kind == EventKind.TRANSITION:
            sent_back = (event.from_status, event.to_status) == (Status.IN_REVIEW, Status.DRAFT)
            return event if sent_back and event.comment else None
    return None
