"""The workflow change form's query budget does not grow with a medicine's uses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medinfo.editorial.copies import start_pending_copy
from medinfo.models import Status

from .adminforms import change_url
from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db

# Measured: 19 and 35 queries, of which the patient-feedback panel takes 3 (figures,
# latest comments, open count: fixed whatever the page). The editable form of a copy
# costs one query per use (Django's autocomplete widget labels each row's chosen
# condition); the locked live form does not grow at all.
LIVE_FORM_BUDGET = 19
COPY_FORM_BUDGET = 35


def _medicine(uses: int, editor):
    article = make_article(
        status=Status.PUBLISHED, uses=[make_indication() for _ in range(uses)], changed_by=editor
    )
    copy = start_pending_copy(article, editor)
    return article, copy


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_change_form_of_a_medicine_with_13_uses_and_a_pending_copy_keeps_its_budget(
    reviewer_client, editor
):
    live, copy = _medicine(13, editor)
    live_queries = _count(reviewer_client, change_url(live))
    copy_queries = _count(reviewer_client, change_url(copy))
    print(f"live form: {live_queries} queries, pending copy form: {copy_queries} queries")
    assert live_queries <= LIVE_FORM_BUDGET
    assert copy_queries <= COPY_FORM_BUDGET


def test_the_live_forms_queries_do_not_grow_with_uses(reviewer_client, editor):
    small_live, _ = _medicine(1, editor)
    big_live, _ = _medicine(13, editor)
    assert _count(reviewer_client, change_url(big_live)) == _count(
        reviewer_client, change_url(small_live)
    )
