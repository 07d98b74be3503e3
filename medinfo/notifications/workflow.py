"""Who is told what when a page moves through review.

Triggered by the audit log: every workflow action writes a WorkflowEvent, and
once the transaction commits the event's messages are queued. Nobody is mailed
about their own action.

- submitted for review -> every clinical reviewer who is not the author;
- a pending change to a live page submitted -> whoever last reviewed that page;
- sent back -> the author, with the reviewer's comment;
- approved and published -> the author.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from ..models import EventKind, NotificationKind, NotificationSettings, Status, WorkflowEvent
from .mail import Message, admin_change_url, clinical_reviewers, display_name, queue

logger = logging.getLogger(__name__)

SUBMITTED = (Status.DRAFT, Status.IN_REVIEW)
SENT_BACK = (Status.IN_REVIEW, Status.DRAFT)
APPROVED = (Status.IN_REVIEW, Status.PUBLISHED)


def on_workflow_event(sender, instance: WorkflowEvent, created: bool, raw=False, **kwargs):
    """post_save receiver: queue the event's messages once its transaction commits."""
    if not created or raw or instance.kind != EventKind.TRANSITION:
        return
    pk = instance.pk
    # robust: a failure to queue is logged; it never turns a committed save into an error.
    transaction.on_commit(lambda: notify(pk), robust=True)


def notify(event_pk: int) -> int:
    event = WorkflowEvent.objects.select_related("user", "content_type").filter(pk=event_pk).first()
    if event is None:
        return 0
    count = queue(messages_for(event))
    if count:
        logger.info("Queued %d workflow e-mail(s) for audit entry %d.", count, event.pk)
    return count


def _subject_page(event: WorkflowEvent):
    """The page the event concerns: the pending copy if the move was the copy's, else the page."""
    model = event.content_type.model_class()
    if model is None:
        return None, None
    manager = model._default_manager
    page = manager.filter(pk=event.object_id).first()
    if page is None:
        return None, None
    copy = manager.filter(draft_of=page).first() if hasattr(page, "draft_of_id") else None
    if copy is not None and copy.status == event.to_status and page.status != event.to_status:
        return copy, page
    return page, None


def _last_reviewer(page):
    """Whoever's clinical review (or, for pages without one, approval) the page carries."""
    return getattr(page, "reviewed_by", None) or getattr(page, "approved_by", None)


def messages_for(event: WorkflowEvent) -> list[Message]:
    move = (event.from_status, event.to_status)
    if event.kind != EventKind.TRANSITION or move not in (SUBMITTED, SENT_BACK, APPROVED):
        return []
    subject, live = _subject_page(event)
    if subject is None:
        return []
    actor, author = event.user, getattr(subject, "changed_by", None)
    title = str(live or subject)
    context = {
        "actor": display_name(actor),
        "title": title,
        "what": subject._meta.verbose_name,
        "when": date_format(timezone.localtime(event.at), "l j F Y, H:i"),
        "comment": event.comment.strip(),
        "link": admin_change_url(subject),
        "pending_change": live is not None,
    }

    def to(users, kind: str, subject_line: str, template: str, **extra) -> list[Message]:
        users = [u for u in users if u and u.email and (actor is None or u.pk != actor.pk)]
        return [
            Message(u, kind, subject_line, template, {**context, **extra})
            for u in NotificationSettings.wanted_by(users, kind)
        ]

    if move == SUBMITTED:
        reviewers = [u for u in clinical_reviewers() if u.pk != getattr(author, "pk", None)]
        messages = to(
            reviewers,
            NotificationKind.REVIEW_REQUEST,
            f"{title}: waiting for your approval",
            "medinfo/email/review_request.txt",
        )
        reviewed_by = _last_reviewer(live) if live is not None else None
        told = {m.user.pk for m in messages}
        if reviewed_by is not None and reviewed_by.pk not in told and reviewed_by != author:
            messages += to(
                [reviewed_by],
                NotificationKind.PAGE_CHANGED,
                f"{title}: changes waiting for approval to a page you reviewed",
                "medinfo/email/page_changed.txt",
            )
        return messages
    if move == SENT_BACK:
        return to(
            [author],
            NotificationKind.SENT_BACK,
            f"{title}: sent back to you by {display_name(actor)}",
            "medinfo/email/sent_back.txt",
        )
    return to(
        [author],
        NotificationKind.PUBLISHED,
        f"{title}: approved and published",
        "medinfo/email/published.txt",
    )
