"""`{% content_notices original %}`: the notices of medinfo.editorial.notices on a change form."""

from django import template

from medinfo.editorial.notices import notices_for

register = template.Library()


@register.inclusion_tag("admin/medinfo/content_notices.html")
def content_notices(page):
    return {"notices": notices_for(page)}
