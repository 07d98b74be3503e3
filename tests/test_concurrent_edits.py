"""No lost edits: the second of two overlapping saves is refused and keeps its input."""

import re

import pytest
import reversion
from django.test import Client

from medinfo.models import Status

from .adminforms import article_data, change_url, errors
from .factories import make_article, make_indication
from .helpers import login

pytestmark = pytest.mark.django_db


def loaded_version(html: str) -> str:
    match = re.search(r'name="loaded_version" value="(\d+)"', html)
    assert match, "the change form carries the version it was loaded at"
    return match.group(1)


def test_the_second_of_two_overlapping_saves_is_refused_and_loses_nothing(editor, reviewer):
    article = make_article(
        status=Status.DRAFT, summary="Original summary.", uses=[make_indication()]
    )
    with reversion.create_revision():  # the version both people open, as History keeps it
        article.save()
    first, second = login(Client(), editor), login(Client(), reviewer)
    url = change_url(article)
    first_version = loaded_version(first.get(url).content.decode())
    second_version = loaded_version(second.get(url).content.decode())
    assert first_version == second_version

    saved = first.post(
        url,
        article_data(article, summary="First editor's summary.", loaded_version=first_version),
    )
    refused = second.post(
        url,
        article_data(
            article,
            summary="Second editor's summary.",
            how_it_works="<p>Second editor's careful explanation.</p>",
            loaded_version=second_version,
        ),
    )

    assert saved.status_code == 302, errors(saved)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Not saved: Eddie Editor saved this page on" in html
    # Everything the second person typed is still in the form.
    assert "Second editor&#x27;s summary." in html
    assert "Second editor&#x27;s careful explanation." in html
    article.refresh_from_db()
    assert article.summary == "First editor's summary."
    assert "careful explanation" not in article.how_it_works

    # They see what the other person changed, against the version they opened.
    assert '<h2 id="stale-heading">Eddie Editor saved this page on' in html
    assert "<del>Original</del>" in html and "<ins>First editor&#x27;s</ins>" in html
    assert "Replace their changes with mine" in html

    # A plain second Save never overwrites: it is refused again.
    again = second.post(
        url,
        article_data(article, summary="Second editor's summary.", loaded_version=second_version),
    )
    assert again.status_code == 200
    article.refresh_from_db()
    assert article.summary == "First editor's summary."

    # Having seen their changes, the second person replaces them on purpose.
    current = str(article.edit_version)
    replaced = second.post(
        url,
        article_data(
            article,
            summary="Second editor's summary.",
            loaded_version=second_version,
            _replace_theirs_of=current,
            _stale_action="save",
        ),
    )
    assert replaced.status_code == 302, errors(replaced)
    article.refresh_from_db()
    assert article.summary == "Second editor's summary."
