"""Queueing a message for one person, and the addresses messages link to."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from post_office import mail

from ..editorial.groups import CLINICAL_REVIEWERS


@dataclass
class Message:
    """One e-mail to one person: `template` is rendered with `context` plus the basics."""

    user: object
    kind: str
    subject: str
    template: str
    context: dict = field(default_factory=dict)


def site_url(path: str) -> str:
    """An absolute address on the site (SITE_URL), for links in e-mail."""
    return settings.SITE_URL + path


def admin_change_url(obj) -> str:
    opts = obj._meta
    return site_url(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


def settings_url() -> str:
    return site_url(reverse("admin:medinfo_notificationsettings_changelist"))


def display_name(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def clinical_reviewers():
    """Active clinical reviewers who have an e-mail address."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CLINICAL_REVIEWERS)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def queue(messages: list[Message]) -> int:
    """Put messages in the outgoing queue (one e-mail per person: nobody sees other addresses)."""
    batch = []
    for message in messages:
        if not message.user.email:
            continue
        context = {
            "name": message.user.first_name or message.user.get_username(),
            "settings_url": settings_url(),
            "site_name": settings.SITE_NAME,
            **message.context,
        }
        batch.append(
            {
                "recipients": [message.user.email],
                "sender": settings.DEFAULT_FROM_EMAIL,
                "subject": message.subject,
                "message": render_to_string(message.template, context).strip() + "\n",
                "headers": {"X-Clinic-Message": message.kind, "Auto-Submitted": "auto-generated"},
            }
        )
    if batch:
        mail.send_many(batch)
    return len(batch)
