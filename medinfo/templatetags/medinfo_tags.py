"""Turns the plain text staff type into safe, structured HTML."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from medinfo.richtext import render_html

register = template.Library()

BULLET_MARKS = ("- ", "* ", "• ")


def _render_block(lines: list[str]) -> list[str]:
    """One blank-line-separated chunk: runs of bullet lines become a list, others a paragraph."""
    html: list[str] = []
    run: list[str] = []
    run_is_list = False
    for line in [*lines, None]:
        is_bullet = line is not None and line.startswith(BULLET_MARKS)
        if run and (line is None or is_bullet != run_is_list):
            if run_is_list:
                html.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in run) + "</ul>")
            else:
                html.append("<p>" + "<br>".join(escape(p) for p in run) + "</p>")
            run = []
        if line is not None:
            run_is_list = is_bullet
            run.append(line[2:].strip() if is_bullet else line)
    return html


@register.filter(is_safe=True)
def prose(text: str) -> str:
    """Blank lines separate paragraphs; lines starting with "- " become a bulleted list.

    Everything is escaped first, so nothing a user types can become markup.
    """
    if not text:
        return ""
    blocks: list[str] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        blocks.extend(_render_block(lines))
    return mark_safe("\n".join(blocks))


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
