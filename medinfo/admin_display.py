"""Small pieces of admin HTML shared by the list, the change form and the index panel."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html

from .models import REVIEW_SOON
from .readability import WARN_ABOVE_GRADE


def reading_level_html(grade: float | None, ease: float | None, *, short: bool) -> str:
    if grade is None:
        return "–" if short else "Not enough text to measure yet."
    too_hard = grade > WARN_ABOVE_GRADE
    if short:
        return format_html(
            '<span class="{}" title="Flesch reading ease {}">{}{}</span>',
            "reading-hard" if too_hard else "reading-ok",
            ease,
            "⚠ " if too_hard else "",
            grade,
        )
    advice = (
        f"Above grade {WARN_ABOVE_GRADE:g}: use shorter sentences and everyday words "
        "(NLM suggests about grade 6-7 for easy-to-read health material)."
        if too_hard
        else "Within the easy-to-read range."
    )
    return format_html(
        '<span class="{}">{}Flesch-Kincaid grade {}; Flesch reading ease {}.</span> {}',
        "reading-hard" if too_hard else "reading-ok",
        "⚠ " if too_hard else "",
        grade,
        ease,
        advice,
    )


def review_flag_html(article) -> str:
    due = article.next_review_due
    if due is None:
        return "Not set"
    when = date_format(due, "j M Y")
    if article.review_overdue:
        return format_html('<strong class="review-overdue">⚠ {} (review overdue)</strong>', when)
    if article.review_due_soon:
        return format_html(
            '<span class="review-soon">{} (within {} days)</span>', when, REVIEW_SOON.days
        )
    return when


def pending_changes_html(page) -> str:
    """On a live page: the state of its pending copy. On a copy: which page it changes."""
    if page.draft_of_id:
        return format_html("Changes to the live page ({})", page.get_status_display().lower())
    try:
        copy = page.pending_draft
    except ObjectDoesNotExist:
        return "–"
    url = reverse(f"admin:medinfo_{page._meta.model_name}_change", args=[copy.pk])
    return format_html('<a href="{}">{}</a>', url, copy.get_status_display())
