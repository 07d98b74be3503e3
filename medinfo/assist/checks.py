"""Content checks of what staff write: the one implementation, for the editor and the reviewer.

The editor's panel asks the server (views.checks) as the editor types, and the
approval screen shows the same findings for the stored page. They warn; only the
safety gate blocks an approval.

Checked: reading level (textstat, drug names left out, medinfo.readability);
empty headings; headings out of order (a section starts at h2 and never jumps a
level, h2 -> h4); a paragraph that is all bold (a heading in disguise); vague link
text ("click here", "here", a bare address); sentences over 25 words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..models import ARTICLE_RICH_TEXT_FIELDS, INDICATION_RICH_TEXT_FIELDS, split_names
from ..readability import WARN_ABOVE_GRADE, ReadingLevel, measure
from ..richtext import html_to_text

LONG_SENTENCE_WORDS = 25
VAGUE_LINK_TEXT = frozenset(
    {"click here", "here", "click", "this link", "link", "more", "read more", "this", "this page"}
)
_BARE_ADDRESS = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# What each kind of page is checked on: (field name, rich text?) in form order.
PAGE_FIELDS = {
    "medicationarticle": (
        ("summary", False),
        ("key_facts", False),
        ("boxed_warning", True),
        ("get_help_now", False),
        *((name, True) for name in ARTICLE_RICH_TEXT_FIELDS if name != "boxed_warning"),
    ),
    "indication": (
        ("summary", False),
        *((name, True) for name in INDICATION_RICH_TEXT_FIELDS),
    ),
}


@dataclass(frozen=True)
class Finding:
    field: str  # the form field it concerns; "" for the page as a whole
    check: str  # reading-level, empty-heading, heading-order, bold-paragraph, vague-link, ...
    message: str


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    reading: ReadingLevel | None
    labels: dict[str, str]

    @property
    def by_field(self) -> list[tuple[str, list[Finding]]]:
        """Findings grouped under their field's label, page-wide first."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(finding.field, []).append(finding)
        return [(self.labels.get(field, "Whole page"), items) for field, items in groups.items()]

    @property
    def reading_too_hard(self) -> bool:
        return bool(self.reading and self.reading.too_hard)

    @property
    def warn_above_grade(self) -> float:
        return WARN_ABOVE_GRADE


class _Blocks(HTMLParser):
    """Headings, paragraphs and links of sanitised rich text, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []  # {"tag", "text", "bold_text"}
        self.links: list[dict] = []  # {"text", "href"}
        self._block = None
        self._bold = 0
        self._link = None

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "h2", "h3", "h4", "li"):
            self._block = {"tag": tag, "text": "", "bold_text": ""}
            self.blocks.append(self._block)
        elif tag in ("strong", "b"):
            self._bold += 1
        elif tag == "a":
            self._link = {"text": "", "href": dict(attrs).get("href") or ""}
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if tag in ("strong", "b"):
            self._bold = max(0, self._bold - 1)
        elif tag == "a":
            self._link = None
        elif tag in ("p", "h2", "h3", "h4", "li"):
            self._block = None

    def handle_data(self, data):
        if self._block is not None:
            self._block["text"] += data
            if self._bold:
                self._block["bold_text"] += data
        if self._link is not None:
            self._link["text"] += data


def _squash(text: str) -> str:
    return " ".join(text.split())


def _excerpt(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def check_rich_text(field: str, html: str) -> list[Finding]:
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    found: list[Finding] = []
    previous = 1  # a field's text sits under the page's h1 (the medicine's name)
    for block in parser.blocks:
        tag, text = block["tag"], _squash(block["text"])
        if tag.startswith("h"):
            level = int(tag[1])
            if not text:
                found.append(
                    Finding(field, "empty-heading", f"An empty heading (h{level}): remove it.")
                )
                continue
            if level > previous + 1:
                expected = "h2" if previous == 1 else f"h{previous + 1}"
                where = "starts at" if previous == 1 else f"jumps from h{previous} to"
                found.append(
                    Finding(
                        field,
                        "heading-order",
                        f"Heading \u201c{_excerpt(text)}\u201d {where} h{level}: use {expected}, "
                        "so screen readers can follow the outline.",
                    )
                )
            previous = level
        elif tag == "p" and text and _squash(block["bold_text"]) == text:
            found.append(
                Finding(
                    field,
                    "bold-paragraph",
                    f"\u201c{_excerpt(text)}\u201d is all bold: if it is a heading, make it "
                    "one (H2, H3), so screen readers announce it.",
                )
            )
    for link in parser.links:
        text = _squash(link["text"])
        bare = text.lower().strip(" .:!?")
        if not text:
            found.append(Finding(field, "vague-link", "A link has no text: say where it goes."))
        elif bare in VAGUE_LINK_TEXT:
            found.append(
                Finding(
                    field,
                    "vague-link",
                    f"Link text \u201c{text}\u201d does not say where it goes: use words such "
                    "as \u201cFDA medication guide for diazepam\u201d.",
                )
            )
        elif _BARE_ADDRESS.match(text):
            found.append(
                Finding(
                    field,
                    "vague-link",
                    f"Link text is a bare address ({_excerpt(text, 3)}): screen readers read "
                    "it out letter by letter; name the page instead.",
                )
            )
    return found


def check_sentences(field: str, text: str) -> list[Finding]:
    found = []
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            words = sentence.split()
            if len(words) > LONG_SENTENCE_WORDS:
                found.append(
                    Finding(
                        field,
                        "long-sentence",
                        f"A sentence of {len(words)} words (\u201c{_excerpt(sentence)}\u201d): "
                        f"aim for {LONG_SENTENCE_WORDS} or fewer.",
                    )
                )
    return found


def drug_names(values: dict) -> list[str]:
    """Names left out of the reading level (as the stored reading grade): generic and brands."""
    names = [values.get("generic_name", ""), *split_names(values.get("brand_names", ""))]
    return [name for name in names if name]


def check(model_name: str, values: dict, labels: dict[str, str] | None = None) -> Report:
    """Every check for one page; `values` maps field names to what the form holds."""
    fields = PAGE_FIELDS.get(model_name, ())
    findings: list[Finding] = []
    reading = None
    if model_name == "medicationarticle":
        texts = [values.get("title", "")] + [values.get(name, "") for name, _ in fields]
        reading = measure(texts, drug_names(values))
        if reading and reading.too_hard:
            findings.append(
                Finding(
                    "",
                    "reading-level",
                    f"Reading level: US grade {reading.grade:g} (aim for {WARN_ABOVE_GRADE:g} "
                    "or below): shorter sentences and everyday words help.",
                )
            )
    for name, rich in fields:
        value = values.get(name) or ""
        if rich:
            findings += check_rich_text(name, value)
        findings += check_sentences(name, html_to_text(value) if rich else value)
    return Report(findings, reading, labels or {})


def check_page(page) -> Report:
    """The checks for a stored page (the approval screen)."""
    model_name = page._meta.model_name
    names = {name for name, _ in PAGE_FIELDS.get(model_name, ())}
    names |= {"title", "generic_name", "brand_names"}
    values = {name: getattr(page, name, "") or "" for name in names}
    return check(model_name, values, field_labels(type(page)))


def field_labels(model) -> dict[str, str]:
    return {
        name: str(model._meta.get_field(name).verbose_name).capitalize()
        for name, _ in PAGE_FIELDS.get(model._meta.model_name, ())
    }
