"""The admin home page's inbox: what waits for you, what was sent back, your drafts, reviews due."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from medinfo.editorial.rules import can_publish, change_permission
from medinfo.models import (
    EventKind,
    MedicationArticle,
    Publishable,
    Status,
    WorkflowEvent,
)

register = template.Library()


@dataclass
class InboxItem:
    page: Publishable
    url: str
    event: WorkflowEvent | None = None

    @property
    def kind(self) -> str:
        return self.page._meta.verbose_name


def workflow_models() -> list[type[Publishable]]:
    return [m for m in apps.get_app_config("medinfo").get_models() if issubclass(m, Publishable)]


def _item(page) -> InboxItem:
    return InboxItem(page, reverse(f"admin:medinfo_{page._meta.model_name}_change", args=[page.pk]))


def _latest_transitions(pages) -> dict[tuple[int, int], WorkflowEvent]:
    """The latest status change of each page (events of a copy belong to its live page)."""
    keys = set()
    for page in pages:
        content_type = ContentType.objects.get_for_model(page)
        keys.add((content_type.pk, page.draft_of_id or page.pk))
    if not keys:
        return {}
    wanted = Q()
    for content_type_id, object_id in keys:
        wanted |= Q(content_type_id=content_type_id, object_id=object_id)
    latest: dict[tuple[int, int], WorkflowEvent] = {}
    events = WorkflowEvent.objects.filter(wanted, kind=EventKind.TRANSITION).select_related("user")
    for event in events.order_by("-at", "-pk"):
        latest.setdefault((event.content_type_id, event.object_id), event)
    return latest


@register.inclusion_tag("admin/medinfo/review_panel.html", takes_context=True)
def review_panel(context):
    request = context["request"]
    user = request.user
    models = [m for m in workflow_models() if user.has_perm(change_permission(m))]
    if not models:
        return {"show": False}
    waiting, sent_back, drafts, submitted = [], [], [], []
    for model in models:
        pages = model._default_manager.select_related("changed_by", "draft_of")
        if can_publish(user, model):
            waiting += [
                _item(page)
                for page in pages.filter(status=Status.IN_REVIEW)
                .exclude(changed_by=user)
                .order_by("updated_at")
            ]
        mine = list(pages.filter(changed_by=user, status=Status.DRAFT).order_by("-updated_at"))
        latest = _latest_transitions(mine)
        for page in mine:
            key = (ContentType.objects.get_for_model(page).pk, page.draft_of_id or page.pk)
            event = latest.get(key)
            if event and event.from_status == Status.IN_REVIEW and event.user_id != user.pk:
                sent_back.append(InboxItem(**{**_item(page).__dict__, "event": event}))
            else:
                drafts.append(_item(page))
        submitted += [
            _item(page) for page in pages.filter(changed_by=user, status=Status.IN_REVIEW)
        ]
    today = timezone.localdate()
    articles = MedicationArticle.objects.live().exclude(status=Status.ARCHIVED)
    articles = articles.only("title", "next_review_due", "status")
    return {
        "show": True,
        "waiting": waiting,
        "sent_back": sent_back,
        "drafts": drafts,
        "submitted": submitted,
        "overdue": list(articles.review_overdue(today).order_by("next_review_due")),
        "due_soon": list(articles.review_due_soon(today).order_by("next_review_due")),
        "user": user,
    }
