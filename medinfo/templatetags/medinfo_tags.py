"""Template filters that turn stored text into safe HTML, JSON-LD into a script element,
the addresses of the site's main pages for the header and footer, and the site's name."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from medinfo import links
from medinfo.models.clinic import DEFAULT_EMERGENCY_MESSAGE, link_phone_numbers
from medinfo.richtext import plain_text_to_html, render_html

register = template.Library()


@register.simple_tag
def site_name() -> str:
    """The SITE_NAME setting, also on error pages that render without a request."""
    return settings.SITE_NAME


@register.simple_tag
def default_emergency_message() -> str:
    """What to do in an emergency, for error pages: they cannot read the clinic's own."""
    return link_phone_numbers(DEFAULT_EMERGENCY_MESSAGE)


@register.filter(is_safe=True)
def prose(text: str) -> str:
    """Blank lines separate paragraphs; lines starting with "- " become a bulleted list.

    Everything is escaped first, so nothing a user types can become markup.
    """
    return mark_safe(plain_text_to_html(text))


# The characters that could end the script element or open markup inside it.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data) -> str:
    """A JSON-LD script element. Escaped like json_script, so no text can close the element."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter(is_safe=True)
def rich_text(value: str) -> str:
    """Stored rich text, sanitised again on the way out (cheap, and defence in depth)."""
    return render_html(value)


@register.simple_tag
def page_url(viewname: str) -> str:
    """`{% url viewname %}` for a page without arguments, worked out once per process.

    For the header and footer links every page repeats (medinfo/links.py).
    """
    return links.page_url(viewname)
