"""Rich text: the editor's allow-list, sanitising on every save, and the old format's migration."""

import base64
import hashlib
import html as html_lib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given, settings
from hypothesis import strategies as st

from medinfo.models import Indication, MedicationArticle, Status
from medinfo.richtext import (
    ALLOWED_TAGS,
    EDITOR_EXTENSIONS,
    as_html,
    editor_importmap_csp_source,
    html_to_text,
    plain_text_to_html,
    sanitize_html,
)

from .adminforms import article_data, change_url, errors
from .factories import make_article, make_indication

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<p style="color:red" onclick="alert(1)">styled</p>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example/"><input name="x"></form>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="jav&#x09;ascript:alert(1)">encoded tab</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!-- comment --><p>after comment</p>",
]
FORBIDDEN = [
    "<script",
    "<iframe",
    "<style",
    "onerror",
    "onclick",
    "onload",
    "javascript:",
    "data:",
    "style=",
    "<img",
    "<svg",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<!--",
]


def assert_clean(html: str) -> None:
    lowered = html.lower()
    for marker in FORBIDDEN:
        assert marker not in lowered, (marker, html)


def test_allowed_markup_survives_sanitising():
    html = (
        "<h2>Dose</h2><h3>Adults</h3><h4>Tablets</h4><p><strong>Take</strong> it "
        "<em>with</em> water.<br>Daily.</p><ul><li>one</li></ul><ol><li>two</li></ol>"
        '<p><a href="https://example.org/">More</a> <a href="mailto:a@b.org">mail</a></p>'
    )
    cleaned = sanitize_html(html)
    for tag in ("<h2>", "<h3>", "<h4>", "<strong>", "<em>", "<br>", "<ul>", "<ol>", "<li>"):
        assert tag in cleaned
    assert 'href="https://example.org/"' in cleaned
    assert 'href="mailto:a@b.org"' in cleaned


def test_markup_outside_the_allow_list_is_dropped_but_text_kept():
    cleaned = sanitize_html("<h1>Big</h1><table><tr><td>cell</td></tr></table><u>under</u>")
    assert "<h1" not in cleaned and "<table" not in cleaned and "<u>" not in cleaned
    assert "Big" in cleaned and "cell" in cleaned and "under" in cleaned


@pytest.mark.parametrize("fragment", HOSTILE)
def test_hostile_fragments_are_neutralised(fragment):
    assert_clean(sanitize_html(fragment))


def test_the_editor_offers_only_what_the_sanitiser_keeps():
    offered = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4"}
    assert set(ALLOWED_TAGS) == offered
    assert EDITOR_EXTENSIONS["Heading"] == {"levels": [2, 3, 4]}
    assert EDITOR_EXTENSIONS["Link"]["enableTarget"] is False


def test_an_empty_editor_paragraph_is_stored_as_empty():
    assert sanitize_html("<p></p>") == ""
    assert sanitize_html("<p><br></p>") == ""


def test_plain_text_paragraphs_and_bullets_become_html():
    html = plain_text_to_html("First <b> para\nsame para\n\n- one\n- two\n\nLast")
    assert html == (
        "<p>First &lt;b&gt; para<br>same para</p>\n<ul><li>one</li><li>two</li></ul>\n<p>Last</p>"
    )
    assert html_to_text(html) == "First <b> para\nsame para\none\ntwo\nLast"


@pytest.mark.django_db
def test_every_save_path_sanitises_even_without_a_form():
    article = make_article(how_it_works='<p onclick="x()">Works</p><script>bad()</script>')
    article.refresh_from_db()
    assert article.how_it_works == "<p>Works</p>"
    condition = make_indication(body='<iframe src="x"></iframe><p>About</p>')
    condition.refresh_from_db()
    assert condition.body == "<p>About</p>"


@pytest.mark.django_db
def test_hostile_html_posted_through_the_admin_never_reaches_the_database_or_page(
    staff_client, client
):
    article = make_article(status=Status.DRAFT, slug="xss", uses=[make_indication()])
    payload = "<p>Safe words.</p>" + "".join(HOSTILE)
    fields = [
        "boxed_warning",
        "how_it_works",
        "how_to_take",
        "side_effects",
        "serious_warnings",
        "interactions",
        "pregnancy_breastfeeding",
        "dependence_and_stopping",
    ]

    response = staff_client.post(
        change_url(article), article_data(article, **dict.fromkeys(fields, payload))
    )

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    for name in fields:
        stored = getattr(article, name)
        assert "Safe words." in stored
        assert_clean(stored)
    # Published by another route so the public page shows it; nothing hostile there either.
    MedicationArticle.objects.filter(pk=article.pk).update(status=Status.PUBLISHED)
    article.refresh_from_db()
    article.save()
    client.logout()
    page = client.get("/medications/xss/").content.decode()
    assert page.count("Safe words.") == len(fields)
    # The page's own "Was this page helpful?" form follows the article.
    body = page.split("<main", 1)[1].split('<section class="wrap feedback"', 1)[0]
    assert "</article>" in body
    assert_clean(body)


@pytest.mark.django_db
def test_rendering_sanitises_again_even_if_the_database_was_tampered_with(client):
    article = make_article(slug="tampered", uses=[make_indication()])
    MedicationArticle.objects.filter(pk=article.pk).update(
        side_effects='<p>Sleepy.</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    )
    page = client.get("/medications/tampered/").content.decode()
    assert "Sleepy." in page
    assert "alert(" not in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_existing_plain_text_to_html():
    executor = MigrationExecutor(connection)
    executor.migrate([("medinfo", "0005_workflow_groups")])
    old_apps = executor.loader.project_state([("medinfo", "0005_workflow_groups")]).apps
    OldArticle = old_apps.get_model("medinfo", "MedicationArticle")
    OldIndication = old_apps.get_model("medinfo", "Indication")
    OldArticle.objects.create(
        title="Old",
        slug="old",
        generic_name="old",
        summary="You may feel sleepy or dizzy for the first few days of taking it.",
        side_effects="Sleepy.\n\n- dizzy\n- <tired>",
    )
    OldIndication.objects.create(name="Old condition", slug="old-condition", body="One.\n\nTwo.")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert MedicationArticle.objects.get(slug="old").side_effects == (
        "<p>Sleepy.</p><ul><li><p>dizzy</p></li><li><p>&lt;tired&gt;</p></li></ul>"
    )
    assert MedicationArticle.objects.get(slug="old").reading_grade is not None
    assert Indication.objects.get(slug="old-condition").body == "<p>One.</p><p>Two.</p>"


@pytest.mark.django_db
def test_the_editor_needs_only_one_inline_script_and_its_csp_hash_is_known(staff_client):
    article = make_article(status=Status.DRAFT)
    html = staff_client.get(change_url(article)).content.decode()

    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)

    assert len(inline) == 1  # the import map; every other script is a file from 'self'
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert editor_importmap_csp_source() == f"'sha256-{digest}'"
    response = staff_client.get(change_url(article))
    assert f"'sha256-{digest}'" in response._csp_update["script-src"]
    assert "data-django-prose-editor-configurable" in html
    assert "https://" not in "".join(re.findall(r'<script[^>]*src="([^"]+)"', html))


@pytest.mark.django_db
def test_plain_text_saved_without_the_editor_is_stored_as_html_and_shown_once_escaped(client):
    article = make_article(slug="plain", side_effects="Less than 1 in 10 people: dose < 5 mg.")
    article.refresh_from_db()
    assert article.side_effects == "<p>Less than 1 in 10 people: dose &lt; 5 mg.</p>"
    page = client.get("/medications/plain/").content.decode()
    assert "dose &lt; 5 mg." in page
    assert "&amp;lt;" not in page


# Cleaning is idempotent: what the cleaner stores, cleaned again, comes back unchanged,
# whatever the input starts with (a dropped <div>, text, an entity, a stray list item).
MARKUP_PIECES = [
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<p>",
    "</p>",
    "<h2>",
    "</h2>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<li>",
    "</li>",
    "<strong>",
    "</strong>",
    "<em>",
    "</em>",
    "<br>",
    '<a href="https://example.org/?a=1&amp;b=2">',
    "</a>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<script>x()</script>",
    "<!-- note -->",
    "&lt;",
    "&gt;",
    "&amp;",
    "&nbsp;",
    "&#60;",
    "<",
    ">",
    "&",
    "\r\n",
    "\n\n",
    "- ",
    " ",
    "Take 1",
    "2 tablets",
    "é",
]
messy_html = st.lists(
    st.one_of(st.sampled_from(MARKUP_PIECES), st.text(max_size=5)), max_size=25
).map("".join)


@settings(max_examples=400, deadline=None)
@given(messy_html)
def test_cleaning_twice_gives_what_cleaning_once_gave(text):
    once = as_html(text)
    assert as_html(once) == once
    assert once == "" or re.match(r"<(p|h[2-4]|ul|ol)>", once), once


WRAPPERS = ["div", "span", "section", "p", "h2", "strong", "em", "li", "ul", "blockquote"]


@st.composite
def documents(draw):
    """HTML made of escaped text chunks in tags, some of which the cleaner drops."""
    chunks = draw(st.lists(st.text(alphabet="ab <>&1;\u00e9", min_size=1), max_size=6))
    html = ""
    for chunk in chunks:
        tag = draw(st.sampled_from(WRAPPERS))
        html += f"<{tag}>{html_lib.escape(chunk, quote=False)}</{tag}>"
    return chunks, html


@settings(max_examples=300, deadline=None)
@given(documents())
def test_text_is_escaped_exactly_once_whatever_wraps_it(document):
    chunks, html = document
    cleaned = as_html(html)
    for _ in range(2):  # and on every later save
        cleaned = as_html(cleaned)
    # Patients read exactly the characters that were written: none lost, none escaped twice.
    assert "".join(html_to_text(cleaned).split()) == "".join("".join(chunks).split())


def test_text_left_by_a_dropped_tag_is_not_escaped_again():
    html = "<div>Take 1 &lt; 2 tablets</div><p>Second</p>"
    cleaned = as_html(html)
    assert cleaned == "<p>Take 1 &lt; 2 tablets</p><p>Second</p>"
    assert as_html(cleaned) == cleaned
    assert as_html("Take 1 &lt; 2 tablets<p>Second</p>") == cleaned
    # Plain text with no markup at all is still the old format, escaped once.
    assert as_html("dose < 5 mg & water") == "<p>dose &lt; 5 mg &amp; water</p>"


@pytest.mark.django_db
def test_rich_text_saved_again_and_again_is_shown_escaped_once(client):
    article = make_article(
        slug="twice", side_effects="<div>Take 1 &lt; 2 tablets</div><p>Second</p>"
    )
    for _ in range(2):
        article.refresh_from_db()
        article.save()
    article.refresh_from_db()
    assert article.side_effects == "<p>Take 1 &lt; 2 tablets</p><p>Second</p>"
    page = client.get("/medications/twice/").content.decode()
    assert "Take 1 &lt; 2 tablets" in page
    assert "&amp;lt;" not in page and "&lt;p&gt;" not in page
