"""The admin site's condition autocomplete says which synonym matched, and what patients see."""

import pytest

from medinfo.models import Status

from .factories import make_indication

pytestmark = pytest.mark.django_db


def autocomplete(client, term: str) -> list[str]:
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": term,
            "app_label": "medinfo",
            "model_name": "medicationuse",
            "field_name": "indication",
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_a_condition_found_by_a_synonym_says_which_one(editor_client):
    make_indication(name="Anxiety disorders", synonyms="anxiety, panic attacks, worry")

    assert autocomplete(editor_client, "panic") == ["Anxiety disorders (also called panic attacks)"]


def test_a_condition_found_by_its_name_is_listed_by_name_alone(editor_client):
    make_indication(name="Panic disorder", synonyms="panic attacks")

    assert autocomplete(editor_client, "panic") == ["Panic disorder"]


def test_a_draft_condition_is_offered_and_says_patients_cannot_see_it_yet(editor_client):
    make_indication(name="Insomnia", status=Status.DRAFT)

    assert autocomplete(editor_client, "insom") == ["Insomnia - draft, not yet shown to patients"]
