"""{% feedback_panel page %}: patient feedback on a medicine's or condition's admin form."""

from django import template
from django.urls import reverse

from medinfo.feedback.stats import live_page, page_figures

register = template.Library()

FEEDBACK_FIELD = {"medicationarticle": "medication", "indication": "indication"}


@register.inclusion_tag("admin/medinfo/feedback_panel_content.html", takes_context=True)
def feedback_panel(context, page):
    user = context["request"].user
    if page is None or page.pk is None or not user.has_perm("medinfo.view_pagefeedback"):
        return {"show": False}
    live = live_page(page)
    # Patients answer on medicine and condition pages only (not on drug classes).
    field = FEEDBACK_FIELD.get(live._meta.model_name)
    if field is None:
        return {"show": False}
    return {
        "show": True,
        "figures": page_figures(live),
        "can_change": user.has_perm("medinfo.change_pagefeedback"),
        "answers_url": reverse("admin:medinfo_pagefeedback_changelist")
        + f"?{field}__id__exact={live.pk}",
    }
