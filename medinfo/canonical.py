"""The one stored form of every text field, so that a change means a change.

Browsers send text-area line breaks as CRLF, staff paste trailing spaces, and the
rich-text editor re-serialises the HTML it loaded (`</p>\\n<ul>` comes back as
`</p><ul>`, a list item's text comes back inside a `<p>`). None of that is a
change of content. Every text field is therefore stored in one canonical form:

- plain text: LF line endings, no trailing spaces on a line, no surrounding blank
  space (`canonical_text`);
- rich text: sanitised (nh3, the editor's allow-list) and then in the editor's own
  serialisation: no whitespace between block tags, runs of spaces collapsed,
  list items' text in a paragraph, loose text in a paragraph (`canonical_html`).

The form is applied when a model is saved (`CanonicalTextModel.save`, and
`RichTextField.pre_save`), when a form is cleaned (`CanonicalCharField`, the rich
text form field) and whenever old and new values are compared.
"""

from __future__ import annotations

import re

from django import forms
from django.db import models
from django_prose_editor.fields import ProseEditorFormField

from .richtext import RichTextField, as_html

_LINE_END = re.compile(r"\r\n?")
_TRAILING_SPACE = re.compile(r"[ \t\f\v]+\n")


def canonical_text(value: str | None) -> str:
    """Plain text with LF line endings, no trailing spaces, no surrounding blank space."""
    if not value:
        return ""
    value = _LINE_END.sub("\n", value)
    return _TRAILING_SPACE.sub("\n", value).strip()


# Block-level tags of the editor's schema, and the inline ones that stay inside them.
_BLOCK = frozenset({"p", "h2", "h3", "h4", "ul", "ol", "li"})
_TOKEN = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")
_SPACE = re.compile(r"[ \t\n\r\f]+")


def _tag(token: str) -> tuple[str, bool] | None:
    """(name, is_closing) of a tag token, or None for text."""
    if not token.startswith("<"):
        return None
    match = _TAG_NAME.match(token)
    return (match.group(1).lower(), token.startswith("</")) if match else None


def _editor_serialisation(html: str) -> str:
    """Sanitised HTML written the way the editor (ProseMirror) writes it back."""
    tokens = [t for t in _TOKEN.split(html) if t]
    out: list[str] = []
    # Open blocks, innermost last; "p*" marks a paragraph we opened ourselves.
    stack: list[str] = []

    def in_text_block() -> bool:
        return bool(stack) and stack[-1] in {"p", "p*", "h2", "h3", "h4"}

    def close_own_paragraph() -> None:
        if stack and stack[-1] == "p*":
            stack.pop()
            out.append("</p>")

    for token in tokens:
        tag = _tag(token)
        if tag is None or tag[0] in {"strong", "em", "a", "br"}:
            # Inline content: it needs a text block around it, as in the editor.
            if tag is None:
                token = _SPACE.sub(" ", token)
                if not in_text_block() and not token.strip():
                    continue  # whitespace between blocks carries no meaning
            if not in_text_block():
                if tag is not None and tag[1]:  # a stray closing inline tag
                    out.append(token)
                    continue
                stack.append("p*")
                out.append("<p>")
            out.append(token)
            continue
        name, closing = tag
        if name not in _BLOCK:
            out.append(token)
            continue
        if closing:
            close_own_paragraph()
            if name in stack:
                while stack:
                    top = stack.pop()
                    out.append(f"</{'p' if top == 'p*' else top}>")
                    if top == name:
                        break
            continue
        close_own_paragraph()
        stack.append(name)
        out.append(token)
    while stack:
        top = stack.pop()
        out.append(f"</{'p' if top == 'p*' else top}>")
    html = "".join(out)
    # A text block's content starts and ends without spaces; after a line break too.
    html = re.sub(r"(<(?:p|h[2-4])>|<br>) +", r"\1", html)
    html = re.sub(r" +(</(?:p|h[2-4])>)", r"\1", html)
    return re.sub(r"<p></p>", "", html)


def canonical_html(value: str | None) -> str:
    """Rich text as the sanitiser and then the editor would store it (idempotent)."""
    html = as_html(value)
    if not html:
        return ""
    return as_html(_editor_serialisation(html))


def canonical_value(field: models.Field, value):
    """The stored form of `value` for a model field (non-text values unchanged)."""
    if not isinstance(value, str) or field.choices:
        return value
    if isinstance(field, RichTextField):
        return canonical_html(value)
    if isinstance(field, models.CharField | models.TextField):
        return canonical_text(value)
    return value


def text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.generated
    ]


def canonicalise(instance: models.Model) -> list[str]:
    """Put every text field of `instance` in its stored form; the names that changed."""
    changed = []
    for field in text_fields(type(instance)):
        value = getattr(instance, field.attname)
        canonical = canonical_value(field, value)
        if canonical != value:
            setattr(instance, field.attname, canonical)
            changed.append(field.attname)
    return changed


class CanonicalTextModel(models.Model):
    """A model whose text fields are stored in canonical form, whoever saves it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        canonicalise(self)
        super().save(*args, **kwargs)


class CanonicalCharField(forms.CharField):
    """A form field for plain text that cleans to, and compares in, the stored form."""

    def to_python(self, value):
        return canonical_text(super().to_python(value))

    def has_changed(self, initial, data):
        return super().has_changed(canonical_text(initial), data)


class CanonicalRichTextFormField(ProseEditorFormField):
    """The editor's form field, cleaning to and comparing in the stored form."""

    def to_python(self, value):
        return canonical_html(super().to_python(value))

    def has_changed(self, initial, data):
        return super().has_changed(canonical_html(initial), data)


# For ModelAdmin.formfield_overrides: multi-line text cleans to its stored form.
# (Rich text has its own form field, from RichTextField.formfield.)
def formfield_overrides() -> dict:
    from django.contrib.admin import widgets

    return {
        RichTextField: {"widget": widgets.AdminTextareaWidget},
        models.TextField: {"form_class": CanonicalCharField, "widget": widgets.AdminTextareaWidget},
    }
