"""Admin index panels: pages whose clinical review is overdue or due soon, and the review queue."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone

from medinfo.models import Indication, MedicationArticle, Status

register = template.Library()


@register.inclusion_tag("admin/medinfo/review_panel.html", takes_context=True)
def review_panel(context):
    request = context["request"]
    if not request.user.has_perm("medinfo.view_medicationarticle"):
        return {"show": False}
    today = timezone.localdate()
    articles = MedicationArticle.objects.exclude(status=Status.ARCHIVED).only(
        "title", "next_review_due", "status"
    )
    return {
        "show": True,
        "overdue": list(articles.review_overdue(today).order_by("next_review_due")),
        "due_soon": list(articles.review_due_soon(today).order_by("next_review_due")),
        "in_review": [
            {
                "page": page,
                "url": reverse(f"admin:medinfo_{page._meta.model_name}_change", args=[page.pk]),
            }
            for model in (MedicationArticle, Indication)
            for page in model.objects.filter(status=Status.IN_REVIEW).select_related("changed_by")
        ],
        "user": request.user,
    }
