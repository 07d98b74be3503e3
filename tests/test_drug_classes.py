"""Browse by drug class, linked from each medicine page."""

import pytest

from medinfo.models import Status

from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db


def test_a_medicine_page_links_to_its_drug_class(client):
    benzos = make_drug_class(name="Benzodiazepines", slug="benzodiazepines")
    make_article(slug="diazepam", drug_class=benzos, uses=[make_indication()])
    html = client.get("/medications/diazepam/").content.decode()
    assert '<a href="/drug-classes/benzodiazepines/">Benzodiazepines</a>' in html


def test_a_drug_class_page_lists_its_published_medicines(client):
    benzos = make_drug_class(
        name="Benzodiazepines", slug="benzodiazepines", description="Calming medicines."
    )
    make_article(title="Lorazepam (Ativan)", slug="lorazepam", drug_class=benzos)
    make_article(title="Diazepam (Valium)", slug="diazepam", drug_class=benzos)
    make_article(title="Draftazepam", slug="draft", drug_class=benzos, status=Status.DRAFT)
    make_article(title="Other family", slug="other")
    response = client.get("/drug-classes/benzodiazepines/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Benzodiazepines</h1>" in html
    assert "Calming medicines." in html
    assert html.index("Diazepam (Valium)") < html.index("Lorazepam (Ativan)")
    assert "Draftazepam" not in html
    assert "Other family" not in html


def test_a_class_with_nothing_published_has_no_page(client):
    empty = make_drug_class(slug="empty")
    make_article(slug="draft", drug_class=empty, status=Status.DRAFT)
    assert client.get("/drug-classes/empty/").status_code == 404
    assert client.get("/drug-classes/no-such-class/").status_code == 404


def test_the_drug_class_list_shows_classes_with_published_medicines(client):
    used = make_drug_class(name="Benzodiazepines", slug="benzodiazepines")
    unused = make_drug_class(name="Unpublished family", slug="unpublished")
    make_article(drug_class=used)
    make_article(drug_class=used)
    make_article(drug_class=unused, status=Status.DRAFT)
    html = client.get("/drug-classes/").content.decode()
    assert 'href="/drug-classes/benzodiazepines/"' in html
    assert "2 medicines" in html
    assert "Unpublished family" not in html


def test_the_a_to_z_offers_browsing_by_type(client):
    html = client.get("/medications/").content.decode()
    assert 'href="/drug-classes/"' in html


def test_drug_class_page_queries_do_not_grow_with_medicines(client, django_assert_num_queries):
    benzos = make_drug_class(slug="benzodiazepines")
    make_article(drug_class=benzos)
    client.get("/drug-classes/benzodiazepines/")  # warms the cached clinic details
    # The class, the number of its medicines (for pages), one page of them.
    with django_assert_num_queries(3):
        client.get("/drug-classes/benzodiazepines/")
    for _ in range(5):
        make_article(drug_class=benzos)
    with django_assert_num_queries(3):
        client.get("/drug-classes/benzodiazepines/")


# Drug classes follow the editorial workflow -------------------------------------------------


def test_a_class_not_yet_approved_is_shown_nowhere_to_patients(client):
    draft = make_drug_class(name="Calmatives", slug="calmatives", status=Status.DRAFT)
    make_article(slug="calmazepam", drug_class=draft, uses=[make_indication()])

    assert client.get("/drug-classes/calmatives/").status_code == 404
    assert "Calmatives" not in client.get("/drug-classes/").content.decode()
    assert "Calmatives" not in client.get("/medications/calmazepam/").content.decode()
    assert "Calmatives" not in client.get("/medications/").content.decode()
    assert "calmatives" not in client.get("/sitemap.xml").content.decode()


def test_an_edit_of_a_live_class_reaches_patients_only_when_approved(client, editor, reviewer):
    from medinfo.editorial.copies import merge_pending_copy, start_pending_copy

    benzos = make_drug_class(name="Benzodiazepines", slug="benzodiazepines", description="Old.")
    make_article(slug="diazepam", drug_class=benzos, uses=[make_indication()])
    copy = start_pending_copy(benzos, editor)
    copy.name, copy.description, copy.changed_by = "Benzos", "New words.", editor
    copy.save()

    class_page = client.get("/drug-classes/benzodiazepines/").content.decode()
    assert "Old." in class_page and "New words." not in class_page
    assert "Benzos<" not in client.get("/medications/diazepam/").content.decode()

    merge_pending_copy(copy, reviewer)

    assert "New words." in client.get("/drug-classes/benzodiazepines/").content.decode()
    assert ">Benzos</a>" in client.get("/medications/diazepam/").content.decode()


def test_staff_preview_pending_changes_to_a_class_with_its_medicines(staff_client, editor):
    from medinfo.editorial.copies import start_pending_copy

    benzos = make_drug_class(slug="benzodiazepines", description="Old.")
    make_article(title="Diazepam (Valium)", drug_class=benzos)
    copy = start_pending_copy(benzos, editor)
    copy.description = "Pending words."
    copy.save()

    response = staff_client.get("/drug-classes/benzodiazepines/?preview=draft")
    html = response.content.decode()
    assert "Pending words." in html and "Preview - not published" in html
    assert "Diazepam (Valium)" in html
    assert "no-store" in response["Cache-Control"]


def test_an_editor_cannot_change_a_live_class_in_place(editor_client):
    benzos = make_drug_class(slug="benzodiazepines", description="Approved words.")
    editor_client.post(
        f"/admin/medinfo/drugclass/{benzos.pk}/change/",
        {
            "name": benzos.name,
            "slug": benzos.slug,
            "description": "Unreviewed words.",
            "status": Status.PUBLISHED,
            "loaded_version": benzos.edit_version,
        },
    )
    benzos.refresh_from_db()
    assert benzos.description == "Approved words."


@pytest.mark.django_db(transaction=True)
def test_existing_classes_stay_published_after_the_migration():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("medinfo", "0010_canonical_text")])
    old_apps = executor.loader.project_state([("medinfo", "0010_canonical_text")]).apps
    old_apps.get_model("medinfo", "DrugClass").objects.create(name="Old class", slug="old-class")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from medinfo.models import DrugClass

    assert DrugClass.objects.get(slug="old-class").is_published


def test_a_drug_class_edit_is_audited_kept_as_a_revision_and_never_silently_overwritten(
    editor_client, django_user_model
):
    from django.test import Client
    from reversion.models import Version

    from medinfo.models import EventKind, WorkflowEvent

    from .adminforms import change_url, errors, form_from_response
    from .helpers import make_user

    draft = make_drug_class(status=Status.DRAFT, description="First words.")
    url = change_url(draft)
    olga = Client()
    olga.force_login(make_user(django_user_model, "olga", "Editors"))
    edna_form = form_from_response(editor_client.get(url), "save", description="Edna's words.")
    olga_form = form_from_response(olga.get(url), "save", description="Olga's words.")

    first = editor_client.post(url, edna_form)
    second = olga.post(url, olga_form)

    assert first.status_code == 302, errors(first)
    assert second.status_code == 200  # refused: Edna saved after Olga opened the page
    draft.refresh_from_db()
    assert draft.description == "Edna's words."
    assert draft.changed_by == editor_client.user
    assert WorkflowEvent.objects.filter(
        object_id=draft.pk, kind=EventKind.EDITED, user=editor_client.user
    ).exists()
    assert Version.objects.get_for_object(draft).exists()
