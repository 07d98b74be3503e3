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
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "ul", "ol"})
# A tag as nh3 (html5ever) writes it: attribute values always double-quoted.
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*/?>')


def _top_level_nodes(html: str) -> list[tuple[str, str, bool]]:
    """Split sanitised HTML into its top-level nodes: (tag or "", markup, holds a block).

    `html` is nh3's output, so it is well-formed: every tag it opens is closed.
    """
    nodes: list[tuple[str, str, bool]] = []
    depth, start, top_tag, has_block, pos = 0, 0, "", False, 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if depth == 0 and match.start() > pos:
            nodes.append(("", html[pos : match.start()], False))
        if name == "br":
            if depth == 0:
                nodes.append(("br", match.group(), False))
        elif not closing:
            if depth == 0:
                start, top_tag, has_block = match.start(), name, False
            elif name in BLOCK_TAGS or name == "li":
                has_block = True
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                nodes.append((top_tag, html[start : match.end()], has_block))
        pos = match.end()
    if pos < len(html):
        nodes.append(("", html[pos:], False))
    return nodes


def _inner(markup: str) -> str:
    return markup[markup.index(">") + 1 : markup.rindex("<")]


def _blocks_only(html: str) -> str:
    """Every top-level node a block, as the editor makes them.

    Text and inline markup at the top level (left when nh3 drops a `<div>`
    around them) go into a paragraph, stray list items into a list, and an
    inline element wrapped round blocks gives way to them. Without this, the
    cleaned value of `<div>a &lt; b</div>` would not start with a tag and the
    next save would take it for plain text and escape it a second time.
    """
    out: list[str] = []
    run: list[str] = []
    items: list[str] = []

    def flush() -> None:
        text = "".join(run)
        if text.strip():
            stripped = text.strip()
            out.append(text[: len(text) - len(text.lstrip())])
            out.append(f"<p>{stripped}</p>")
            out.append(text[len(text.rstrip()) :])
        else:
            out.append(text)
        run.clear()
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items.clear()

    for tag, markup, has_block in _top_level_nodes(html):
        if tag == "li":
            if run and "".join(run).strip():
                flush()
            run.clear()
            items.append(markup)
        elif tag in BLOCK_TAGS:
            flush()
            out.append(markup)
        elif has_block:
            flush()
            out.append(_blocks_only(_inner(markup)))
        else:
            if items and (tag or markup.strip()):
                flush()
            run.append(markup)
    flush()
    return "".join(out)


def sanitize_html(html: str | None) -> str:
    """Keep only the allowed markup, in blocks; an editor's empty paragraph becomes ''.

    Cleaning what this returns gives it back unchanged (tests/test_richtext.py).
    """
    if not html:
        return ""
    cleaned = _cleaner.clean(html)
    cleaned = _cleaner.clean(_blocks_only(cleaned)).strip()
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


# Anything a browser would read as a tag, a comment or a character reference.
_MARKUP = re.compile(r"<[a-zA-Z/!]|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")


def looks_like_html(text: str) -> bool:
    """Markup anywhere (a tag, a comment, an entity); the old plain-text format has none.

    Wherever the markup starts: text that only *begins* with a tag nh3 drops
    (`<div>`) is still HTML, and escaping its `&lt;` again would show patients
    "&lt;" instead of "<".
    """
    return bool(_MARKUP.search(text or ""))


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
