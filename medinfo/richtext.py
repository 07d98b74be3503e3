"""Rich text for patient pages: one allow-list for the editor and the sanitiser.

Staff edit long-form fields in django-prose-editor, limited to what patient
pages need. Whatever the browser sends, `sanitize_html` runs on every save
(`RichTextField.pre_save`), so the admin, the demo loader, data migrations and
shell scripts all store the same clean HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re

import nh3
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django_prose_editor.fields import ProseEditorField

ALLOWED_TAGS = frozenset({"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# What the editor offers, kept in step with ALLOWED_TAGS (tests check both ways).
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": sorted(URL_SCHEMES)},
}

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)

_EMPTY = re.compile(r"^(\s|<p>(\s|<br>)*</p>)*$")


def sanitize_html(html: str | None) -> str:
    """Keep only the allowed markup; an editor's empty paragraph becomes ''."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    return "" if _EMPTY.match(cleaned) else cleaned


BULLET_MARKS = ("- ", "* ", "• ")


def _plain_block(lines: list[str]) -> list[str]:
    """A blank-line-separated chunk: runs of bullet lines become a list, others a paragraph."""
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


def plain_text_to_html(text: str | None) -> str:
    """The site's former plain-text format as HTML, escaped first, then sanitised.

    Blank lines separate paragraphs; lines starting with "- " become a bulleted list.
    """
    if not text:
        return ""
    blocks: list[str] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        blocks.extend(_plain_block(lines))
    return sanitize_html("\n".join(blocks))


def looks_like_html(text: str) -> bool:
    """Markup starts with a tag or comment; the old plain-text format never does."""
    return bool(re.match(r"^\s*<[a-zA-Z!/]", text or ""))


def as_html(text: str | None) -> str:
    """Stored value to HTML: HTML is sanitised, legacy plain text is converted."""
    if not text:
        return ""
    return sanitize_html(text) if looks_like_html(text) else plain_text_to_html(text)


def render_html(text: str | None) -> SafeString:
    """For templates: sanitise again on the way out (cheap) and mark safe."""
    return mark_safe(as_html(text))


def html_to_text(html: str | None) -> str:
    """Readable plain text of stored HTML, one block per line (for diffs and reading level)."""
    if not html:
        return ""
    text = re.sub(r"(?i)<br\s*/?>|</(p|h[2-4]|li)>", "\n", html)
    text = strip_tags(text)
    text = html_lib.unescape(text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def editor_importmap_csp_source() -> str:
    """The CSP script-src source that allows the editor's one inline script.

    django-prose-editor loads its ES modules through an inline
    `<script type="importmap">` (an import map cannot be an external file). Its
    content depends only on the static file URLs, so a hash allows it without
    'unsafe-inline'. Add this to script-src on admin pages.
    """
    from django_prose_editor.widgets import importmap

    html = str(importmap.render())
    content = html[html.index(">") + 1 : html.rindex("</script>")]
    digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# Tiptap (inside django-prose-editor 0.28.0) injects its base CSS as one <style>
# element; this is that element's hash, as Chromium reports it. Without it the
# editor still works (its own editor.css styles it); re-check when upgrading.
EDITOR_STYLE_CSP_SOURCE = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


def editor_csp_update() -> dict[str, list[str]]:
    """What the admin's change forms add to the Content-Security-Policy.

    In django-csp's format for `response._csp_update`; ignored without django-csp.
    """
    return {"script-src": [editor_importmap_csp_source()], "style-src": [EDITOR_STYLE_CSP_SOURCE]}


class RichTextField(ProseEditorField):
    """A TextField edited in the prose editor and sanitised on every save.

    Migrations see a plain TextField (ProseEditorField.deconstruct), so swapping
    the editor never needs a schema change.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EDITOR_EXTENSIONS})
        kwargs.setdefault("sanitize", _canonical_html)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        from .canonical import CanonicalRichTextFormField

        return super().formfield(**{"form_class": CanonicalRichTextFormField, **kwargs})

    def pre_save(self, model_instance, add):
        # Plain text (from a script or an old export) is stored as HTML too, so
        # what is stored is always clean HTML, in the editor's own serialisation
        # (medinfo.canonical), and is never escaped twice.
        value = _canonical_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def _canonical_html(value: str | None) -> str:
    from .canonical import canonical_html

    return canonical_html(value)
