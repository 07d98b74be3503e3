"""Content checks, soft locks and the editor's endpoints (the rules; the browser tests
in tests/browser/test_editor_assist.py prove the journeys)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from medinfo.assist import presence
from medinfo.assist.checks import check, check_page, check_rich_text, check_sentences
from medinfo.models import MedicationArticle, Status

from .adminforms import change_url
from .factories import make_article, make_indication
from .helpers import login, make_user


def checks_of(html: str) -> list[str]:
    return [finding.check for finding in check_rich_text("body", html)]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h2>Doses</h2><h3>Adults</h3><h4>Over 65</h4><h2>Stopping</h2>", []),
        ("<h2>Doses</h2><h4>Adults</h4>", ["heading-order"]),
        ("<h3>Adults</h3>", ["heading-order"]),
        ("<h2>Doses</h2><h2> </h2>", ["empty-heading"]),
        ("<p><strong>Do not drive.</strong></p>", ["bold-paragraph"]),
        ("<p><strong>Do not</strong> drive.</p>", []),
        ('<p>See <a href="https://fda.gov">click here</a>.</p>', ["vague-link"]),
        ('<p>More <a href="https://fda.gov">here</a>.</p>', ["vague-link"]),
        ('<p><a href="https://fda.gov/x">https://fda.gov/x</a></p>', ["vague-link"]),
        ('<p><a href="https://fda.gov/x">www.fda.gov/x</a></p>', ["vague-link"]),
        ('<p>The <a href="https://fda.gov/x">FDA medication guide</a>.</p>', []),
    ],
)
def test_rich_text_checks(html, expected):
    assert checks_of(html) == expected


def test_a_heading_jump_names_the_heading_and_the_level_to_use():
    (finding,) = check_rich_text("body", "<h2>Doses</h2><h4>For adults</h4>")
    assert "“For adults” jumps from h2 to h4: use h3" in finding.message


def test_sentences_over_25_words_are_flagged_and_shorter_ones_are_not():
    long = " ".join(["word"] * 26) + "."
    ok = " ".join(["word"] * 25) + "."
    assert [f.check for f in check_sentences("summary", f"{ok} {long}")] == ["long-sentence"]
    assert check_sentences("summary", f"{ok}\n{ok}") == []
    (finding,) = check_sentences("summary", long)
    assert "A sentence of 26 words" in finding.message


def test_reading_level_leaves_drug_names_out_and_warns_above_grade_8():
    hard = (
        "Benzodiazepines potentiate gamma-aminobutyric acid neurotransmission, "
        "consequently attenuating pathological neuronal hyperexcitability characteristically "
        "associated with generalized anxiety manifestations. Pharmacokinetic variability "
        "necessitates individualized therapeutic monitoring."
    )
    report = check("medicationarticle", {"title": "Diazepam", "how_it_works": f"<p>{hard}</p>"})
    assert report.reading.grade > 8
    assert [f.check for f in report.findings if f.check == "reading-level"] == ["reading-level"]

    easy = "Diazepamine helps you feel calm. Take one tablet with water. Do not drive."
    with_names = check(
        "medicationarticle",
        {"generic_name": "diazepamine", "how_it_works": f"<p>{easy} {easy}</p>"},
    )
    assert with_names.reading is not None and not with_names.reading_too_hard
    assert with_names.findings == []


@pytest.mark.django_db
def test_the_server_check_of_a_stored_page_matches_its_fields():
    article = make_article(
        status=Status.IN_REVIEW,
        how_it_works='<h2>Doses</h2><h4>Adults</h4><p><a href="https://x.org">here</a></p>',
        serious_warnings="<p><strong>Call 911 if you cannot breathe.</strong></p>",
    )
    report = check_page(article)
    assert [(f.field, f.check) for f in report.findings] == [
        ("how_it_works", "heading-order"),
        ("how_it_works", "vague-link"),
        ("serious_warnings", "bold-paragraph"),
    ]
    assert [label for label, _ in report.by_field] == ["How it works", "Serious warnings"]


@pytest.mark.django_db
def test_the_reviewer_sees_the_checks_on_the_approval_screen(client, django_user_model):
    editor = make_user(django_user_model, "edna", "Editors")
    reviewer = make_user(django_user_model, "rita", "Clinical reviewers")
    article = make_article(
        status=Status.IN_REVIEW,
        changed_by=editor,
        how_it_works="<h2>Doses</h2><h4>Adults</h4>"
        '<p>See <a href="https://x.org">click here</a></p>',
        uses=[make_indication()],
    )
    login(client, reviewer)
    html = client.get(change_url(article)).content.decode()
    assert "Content checks" in html
    assert "jumps from h2 to h4" in html
    assert "Link text “click here” does not say where it goes" in html
    assert "editor-assist.js" in html


@pytest.mark.django_db
def test_the_checks_endpoint_answers_staff_with_the_panel(client, django_user_model):
    login(client, make_user(django_user_model, "edna", "Editors"))
    response = client.post(
        "/admin/editor/checks/",
        {"model": "medicationarticle", "how_it_works": "<h2>A</h2><h4>B</h4>"},
    )
    assert response.status_code == 200
    assert "jumps from h2 to h4" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    condition = client.post("/admin/editor/checks/", {"model": "indication", "body": "<h3>A</h3>"})
    assert "starts at h3" in condition.content.decode()


@pytest.mark.django_db
def test_the_editor_endpoints_refuse_the_signed_out_and_odd_input(client, django_user_model):
    signed_out = client.post("/admin/editor/checks/", {"model": "medicationarticle"})
    assert signed_out.status_code == 401  # the form's script then says the session ended
    assert client.get("/admin/editor/checks/").status_code in (401, 405)
    login(client, make_user(django_user_model, "edna", "Editors"))
    assert client.get("/admin/editor/checks/").status_code == 405
    assert client.post("/admin/editor/checks/", {"model": "user"}).status_code == 400
    assert client.post("/admin/editor/checks/", {}).status_code == 400
    bad = client.post("/admin/editor/presence/", {"model": "indication", "pk": "x"})
    assert bad.status_code == 400
    nobody = make_user(django_user_model, "nobody")  # staff without any permission
    login(client, nobody)
    assert client.post("/admin/editor/checks/", {"model": "indication"}).status_code == 403


@pytest.mark.django_db
def test_the_form_says_who_else_has_the_page_open_and_since_when(client, django_user_model):
    edna = make_user(django_user_model, "edna", "Editors", last_name="Editor")
    rita = make_user(django_user_model, "rita", "Clinical reviewers", last_name="Reviewer")
    article = make_article(status=Status.DRAFT)
    login(client, edna)
    alone = client.get(change_url(article)).content.decode()
    assert "Also editing this page" not in alone

    login(client, rita)
    html = client.get(change_url(article)).content.decode()
    assert "Also editing this page:</strong> Edna Editor (opened it at" in html
    assert "You can still save" in html  # a soft lock: nothing is disabled

    login(client, edna)
    check_in = client.post(
        "/admin/editor/presence/", {"model": "medicationarticle", "pk": article.pk}
    )
    assert "Rita Reviewer (opened it at" in check_in.content.decode()
    assert "last active 0" in check_in.content.decode()


def test_someone_who_left_more_than_five_minutes_ago_is_not_listed(monkeypatch):
    class Person:
        def __init__(self, pk, name):
            self.pk, self.name = pk, name

        def get_full_name(self):
            return self.name

    edna, rita = Person(1, "Edna"), Person(2, "Rita")
    clock = iter([1000.0, 1000.0 + 299, 1000.0 + 299 + 301])
    monkeypatch.setattr(presence, "_now", lambda: next(clock))
    presence.check_in("medinfo.indication", 7, edna)
    assert [v.name for v in presence.check_in("medinfo.indication", 7, rita)] == ["Edna"]
    assert presence.check_in("medinfo.indication", 7, rita) == []
    cache.clear()


@pytest.mark.django_db
def test_the_form_still_works_when_the_cache_is_down(client, django_user_model):
    article = make_article(status=Status.DRAFT)
    login(client, make_user(django_user_model, "edna", "Editors"))
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    with override_settings(CACHES=down):
        response = client.get(change_url(article))
        check_in = client.post(
            "/admin/editor/presence/", {"model": "medicationarticle", "pk": article.pk}
        )
    assert response.status_code == 200 and "Content checks" in response.content.decode()
    assert check_in.status_code == 200 and check_in.content.decode().strip() == ""


@pytest.mark.django_db
def test_the_panel_adds_no_query_to_the_change_form(django_user_model, django_assert_num_queries):
    user = make_user(django_user_model, "edna", "Editors")
    article = MedicationArticle.objects.get(pk=make_article(status=Status.DRAFT).pk)
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "admin/medinfo/includes/editor_assist.html" %}')
    context = Context({"request": request, "opts": MedicationArticle._meta, "original": article})
    with django_assert_num_queries(0):
        html = template.render(context)
    assert "content-checks-results" in html


@pytest.mark.django_db
def test_public_pages_get_no_editor_script(client, demo):
    for url in ("/", "/medications/diazepam/", "/conditions/", "/search/?q=valium"):
        html = client.get(url).content.decode()
        # Structured data (JSON-LD) is the only <script> a patient page has.
        assert re.findall(r"<script(?![^>]*application/ld\+json)", html) == []
        assert "editor-assist" not in html
