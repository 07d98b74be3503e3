"""Renames never break links: a live page's old address answers 301 to its new one."""

import pytest

from medinfo.editorial.copies import merge_pending_copy, start_pending_copy
from medinfo.models import DrugClass, Indication, MedicationArticle, SlugRedirect, Status

from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db

PREFIX = {MedicationArticle: "medications", Indication: "conditions", DrugClass: "drug-classes"}


def make_page(model, slug, **overrides):
    """A published page of each kind that patients can open at /<prefix>/<slug>/."""
    if model is MedicationArticle:
        return make_article(slug=slug, uses=[make_indication()], **overrides)
    if model is Indication:
        return make_indication(slug=slug, **overrides)
    drug_class = make_drug_class(slug=slug, **overrides)
    make_article(drug_class=drug_class)  # a class has a page while it has medicines
    return drug_class


def approve_rename(page, new_slug, editor, reviewer):
    """An editor's pending copy gives the page a new slug; a reviewer approves it."""
    copy = start_pending_copy(page, editor)
    copy.slug = new_slug
    copy.changed_by = editor
    copy.status = Status.IN_REVIEW
    copy.save()
    return merge_pending_copy(copy, reviewer)


def url(model, slug):
    return f"/{PREFIX[model]}/{slug}/"


@pytest.mark.parametrize("model", [MedicationArticle, Indication, DrugClass])
def test_an_approved_rename_sends_the_old_address_to_the_new_one(model, client, editor, reviewer):
    page = make_page(model, "old-name")
    assert client.get(url(model, "old-name")).status_code == 200

    approve_rename(page, "new-name", editor, reviewer)

    response = client.get(url(model, "old-name"))
    assert response.status_code == 301
    assert response["Location"] == url(model, "new-name")
    assert client.get(url(model, "new-name")).status_code == 200


@pytest.mark.parametrize("model", [MedicationArticle, Indication, DrugClass])
def test_a_page_renamed_twice_sends_every_old_address_straight_to_the_current_one(
    model, client, editor, reviewer
):
    page = make_page(model, "first")
    page = approve_rename(page, "second", editor, reviewer)
    approve_rename(page, "third", editor, reviewer)

    for old in ("first", "second"):
        response = client.get(url(model, old))
        assert response.status_code == 301
        assert response["Location"] == url(model, "third")  # one hop, no chain


def test_a_page_renamed_back_answers_at_its_address_again(client, editor, reviewer):
    page = make_page(MedicationArticle, "back")
    page = approve_rename(page, "away", editor, reviewer)
    approve_rename(page, "back", editor, reviewer)

    assert client.get("/medications/back/").status_code == 200
    response = client.get("/medications/away/")
    assert response.status_code == 301 and response["Location"] == "/medications/back/"
    assert not SlugRedirect.objects.filter(old_slug="back").exists()


def test_a_redirect_never_shadows_a_live_page(client, editor, reviewer):
    page = make_page(MedicationArticle, "shared")
    approve_rename(page, "moved", editor, reviewer)
    make_article(slug="shared", title="A new medicine at the old address", uses=[make_indication()])

    response = client.get("/medications/shared/")
    assert response.status_code == 200
    assert "A new medicine at the old address" in response.content.decode()


def test_an_old_address_of_a_page_no_longer_published_is_not_found(client, editor, reviewer):
    page = approve_rename(make_page(MedicationArticle, "gone"), "renamed", editor, reviewer)
    MedicationArticle.objects.filter(pk=page.pk).update(status=Status.DRAFT)

    assert client.get("/medications/gone/").status_code == 404  # no hint of the draft's address


def test_renaming_a_page_patients_never_saw_leaves_no_redirect(client):
    draft = make_article(slug="draft-name", status=Status.DRAFT)
    draft.slug = "better-name"
    draft.save()
    assert not SlugRedirect.objects.exists()
    assert client.get("/medications/draft-name/").status_code == 404


def test_a_deleted_page_takes_its_old_addresses_with_it(client, editor, reviewer):
    page = approve_rename(make_page(Indication, "old-condition"), "condition", editor, reviewer)
    page.delete()
    assert not SlugRedirect.objects.exists()
    assert client.get("/conditions/old-condition/").status_code == 404


def test_a_page_at_its_own_address_costs_no_query_for_redirects(
    client, editor, reviewer, django_assert_num_queries
):
    page = approve_rename(make_page(MedicationArticle, "before"), "after", editor, reviewer)
    client.get(page.get_absolute_url())  # warms the cached clinic details
    # The article and its uses, as tests/test_performance.py budgets it: nothing more.
    with django_assert_num_queries(2):
        assert client.get("/medications/after/").status_code == 200
