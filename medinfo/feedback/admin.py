"""Patient feedback in the admin: every answer, pages by share of "no", marking comments handled.

The per-page panel on a medicine's or condition's change form is the
{% feedback_panel %} tag (medinfo/templatetags/feedback_admin.py).
"""

from __future__ import annotations

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from medinfo.models import PageFeedback

from .stats import pages_by_no_share

PERIODS = {"30": 30, "90": 90, "365": 365, "all": None}
DEFAULT_PERIOD = "90"


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = ("submitted_on", "page_link", "answer", "reason", "comment", "handled")
    list_filter = ("handled", "helpful", "reason", "submitted_on")
    search_fields = ("comment", "medication__title", "indication__name")
    list_select_related = ("medication", "indication")
    fields = (
        "page_link",
        "answer",
        "submitted_on",
        "page_approved_at",
        "reason",
        "comment",
        "handled",
        "handled_note",
    )
    readonly_fields = (
        "page_link",
        "answer",
        "submitted_on",
        "page_approved_at",
        "reason",
        "comment",
        "handled_note",
    )
    actions = ("mark_handled", "mark_not_handled")
    date_hierarchy = "submitted_on"
    change_list_template = "admin/medinfo/pagefeedback/change_list.html"

    def has_add_permission(self, request):
        return False  # answers come from patients only

    @admin.display(description="page", ordering="medication__title")
    def page_link(self, obj: PageFeedback):
        page = obj.page
        url = reverse(f"admin:medinfo_{page._meta.model_name}_change", args=[page.pk])
        return format_html('<a href="{}">{}</a>', url, page)

    @admin.display(description="helpful?", ordering="helpful")
    def answer(self, obj: PageFeedback) -> str:
        return "Yes" if obj.helpful else "No"

    @admin.display(description="handled by")
    def handled_note(self, obj: PageFeedback) -> str:
        if not obj.handled or obj.handled_by is None:
            return "-"
        name = obj.handled_by.get_full_name() or obj.handled_by.get_username()
        return f"{name} on {obj.handled_on:%d %B %Y}" if obj.handled_on else name

    def save_model(self, request, obj, form, change):
        if "handled" in form.changed_data:
            _set_handled(obj, obj.handled, request.user)
        super().save_model(request, obj, form, change)

    @admin.action(description="Mark selected comments as handled", permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.update(
            handled=True, handled_by=request.user, handled_on=timezone.localdate()
        )
        messages.success(request, f"Marked {count} as handled.")

    @admin.action(description="Mark selected comments as not handled", permissions=["change"])
    def mark_not_handled(self, request, queryset):
        count = queryset.update(handled=False, handled_by=None, handled_on=None)
        messages.success(request, f"Marked {count} as not handled.")

    def get_urls(self):
        return [
            path(
                "pages/",
                self.admin_site.admin_view(self.pages_view),
                name="medinfo_pagefeedback_pages",
            ),
            *super().get_urls(),
        ]

    def pages_view(self, request):
        """Pages by share of "no": where editors should look first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        period = request.GET.get("period", DEFAULT_PERIOD)
        if period not in PERIODS:
            period = DEFAULT_PERIOD
        days = PERIODS[period]
        since = timezone.localdate() - datetime.timedelta(days=days) if days else None
        rows = [
            {
                "row": row,
                "url": reverse(
                    f"admin:medinfo_{row.page._meta.model_name}_change", args=[row.page.pk]
                ),
                "kind": row.page._meta.verbose_name,
                "answers_url": reverse("admin:medinfo_pagefeedback_changelist")
                + (
                    f"?medication__id__exact={row.page.pk}"
                    if row.page._meta.model_name == "medicationarticle"
                    else f"?indication__id__exact={row.page.pk}"
                ),
            }
            for row in pages_by_no_share(since)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": 'Pages by share of "no"',
            "rows": rows,
            "period": period,
            "periods": [
                ("30", "30 days"),
                ("90", "90 days"),
                ("365", "a year"),
                ("all", "everything kept"),
            ],
        }
        return TemplateResponse(request, "admin/medinfo/pagefeedback/pages.html", context)


def _set_handled(obj: PageFeedback, handled: bool, user) -> None:
    obj.handled = handled
    obj.handled_by = user if handled else None
    obj.handled_on = timezone.localdate() if handled else None
