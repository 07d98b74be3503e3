"""Change means change: every text field is stored, and compared, in one canonical form."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from medinfo.canonical import canonical_html, canonical_text, text_fields
from medinfo.models import ClinicSettings, DrugClass, Indication, MedicationArticle, MedicationUse
from medinfo.richtext import RichTextField

from .factories import make_article, make_drug_class, make_indication

# Browsers send CRLF; old Macs and some scripts CR; staff paste trailing spaces.
MESSY = {"CRLF": "First line  \r\nSecond line\r\n", "CR": "First line\rSecond line \r"}
PLAIN_STORED = "First line\nSecond line"
RICH_STORED = "<p>First line <br>Second line</p>"


def test_plain_text_has_lf_line_endings_and_no_surrounding_or_trailing_space():
    assert canonical_text(" a  \r\nb\rc \n\n") == "a\nb\nc"
    assert canonical_text("") == ""
    assert canonical_text(None) == ""


def test_rich_text_is_in_the_editors_serialisation():
    stored = "<p>Intro</p>\n<ul>\n<li>One</li>\n<li>Two <strong>bold</strong></li>\n</ul>"
    editor = "<p>Intro</p><ul><li><p>One</p></li><li><p>Two <strong>bold</strong></p></li></ul>"
    assert canonical_html(stored) == canonical_html(editor) == editor
    assert canonical_html("<h2> Heading </h2>\n\n<p>Line<br>\n  next</p>") == (
        "<h2>Heading</h2><p>Line<br>next</p>"
    )
    assert canonical_html("<strong>Loose</strong> text") == "<p><strong>Loose</strong> text</p>"


@pytest.mark.parametrize(
    "html",
    [
        "<p>a</p>\n<ol><li>x<ul><li>y</li></ul></li></ol>",
        "Plain text\n\n- one\n- two",
        '<p><a href="https://example.org">link</a> &amp; 1 &lt; 2</p>',
        "<div>Take 1 &lt; 2</div><p>Second</p>",
    ],
)
def test_the_canonical_form_is_stable(html):
    once = canonical_html(html)
    assert canonical_html(once) == once


def _text_values(model, value_for):
    return {
        field.name: value_for(field) for field in text_fields(model) if field.name not in {"slug"}
    }


@pytest.mark.django_db
@pytest.mark.parametrize("ending", sorted(MESSY))
def test_save_stores_every_text_field_in_canonical_form(ending):
    messy = MESSY[ending]

    def value_for(field):
        if isinstance(field, RichTextField):
            newline = "\r\n" if ending == "CRLF" else "\r"
            return f"{newline}<p>First line  <br>{newline}Second line </p>{newline}"
        if field.max_length and field.max_length < 200 or field.name in {"name", "title"}:
            return f"  {field.name} one  {messy[-2:]}"
        return messy

    indication = make_indication(**_text_values(Indication, value_for))
    article = make_article(
        **_text_values(MedicationArticle, value_for), drug_class=make_drug_class()
    )
    use = MedicationUse.objects.create(medication=article, indication=indication, note=messy)
    drug_class = make_drug_class(**_text_values(DrugClass, value_for))
    clinic = ClinicSettings(**_text_values(ClinicSettings, value_for))
    clinic.save()

    for obj in (indication, article, use, drug_class, clinic):
        stored = (
            type(obj).objects.values(*[f.attname for f in text_fields(type(obj))]).get(pk=obj.pk)
        )
        for field in text_fields(type(obj)):
            value = stored[field.attname]
            assert "\r" not in value, (type(obj).__name__, field.name)
            assert value == value.strip(), (type(obj).__name__, field.name)
            assert " \n" not in value, (type(obj).__name__, field.name)
            if field.name in {"note", "key_facts", "sources", "address", "synonyms"}:
                assert value == PLAIN_STORED
            if isinstance(field, RichTextField):
                assert value == RICH_STORED, field.name


@pytest.mark.django_db(transaction=True)
def test_the_migration_brings_stored_text_into_canonical_form():
    executor = MigrationExecutor(connection)
    executor.migrate([("medinfo", "0009_clinical_codes")])
    old_apps = executor.loader.project_state([("medinfo", "0009_clinical_codes")]).apps
    OldArticle = old_apps.get_model("medinfo", "MedicationArticle")
    OldUse = old_apps.get_model("medinfo", "MedicationUse")
    OldIndication = old_apps.get_model("medinfo", "Indication")
    article = OldArticle.objects.create(
        title="Old ",
        slug="old",
        generic_name="old",
        summary="Sleepy.\r\nDizzy.  ",
        key_facts="One\r\nTwo \r\n",
        side_effects="<p>Sleepy.</p>\n<ul>\n<li>dizzy</li>\n</ul>",
        edit_version=3,
    )
    indication = OldIndication.objects.create(name="Old condition", slug="old-condition")
    OldUse.objects.create(medication=article, indication=indication, note="Helps.\r\n", order=0)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = MedicationArticle.objects.get(slug="old")
    assert stored.title == "Old"
    assert stored.summary == "Sleepy.\nDizzy."
    assert stored.key_facts == "One\nTwo"
    assert stored.side_effects == "<p>Sleepy.</p><ul><li><p>dizzy</p></li></ul>"
    assert stored.edit_version == 3  # rewritten in place, not a new version
    assert MedicationUse.objects.get(medication=stored).note == "Helps."
