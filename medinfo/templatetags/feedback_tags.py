"""{% feedback_question page %}: "Was this page helpful?" under a medicine or condition page."""

from django import template

from medinfo.feedback.guard import HONEYPOT_FIELD
from medinfo.feedback.views import page_token

register = template.Library()


@register.inclusion_tag("includes/feedback_question.html")
def feedback_question(page):
    kind = "m" if page._meta.model_name == "medicationarticle" else "c"
    return {"token": page_token(kind, page.pk), "honeypot": HONEYPOT_FIELD}
