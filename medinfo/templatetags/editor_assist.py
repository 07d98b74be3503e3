"""The editor's helpers on the admin change form: checks, who else is here, timeout rescue."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

from ..assist import presence
from ..assist.checks import PAGE_FIELDS, check_page

register = template.Library()


@register.inclusion_tag("admin/medinfo/includes/editor_assist_panel.html", takes_context=True)
def editor_assist(context):
    request = context["request"]
    opts = context["opts"]
    original = context.get("original")
    pk = getattr(original, "pk", None)
    model_name = opts.model_name
    return {
        "model_name": model_name,
        "pk": pk or "",
        "checked": model_name in PAGE_FIELDS,
        # The stored page's findings (what a reviewer approves); the script keeps them
        # up to date as the form changes.
        "report": check_page(original) if pk and model_name in PAGE_FIELDS else None,
        "others": presence.check_in(opts.label_lower, pk, request.user) if pk else [],
        "checks_url": reverse("assist:checks"),
        "presence_url": reverse("assist:presence"),
        "login_url": reverse("admin:login"),
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "storage_key": f"medinfo-unsaved:{request.user.pk}:{model_name}:{pk or 'new'}",
        "csrf_token": context.get("csrf_token"),
    }
