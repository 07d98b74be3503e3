"""Bring stored text (the demo content included) into its canonical form.

See medinfo/canonical.py: LF line endings, no trailing spaces, rich text in the
editor's own serialisation. Rows are updated in place (no new edit version, no
"last changed" time): the content does not change, only how it is written.
"""

from django.db import migrations

RICH = {
    "medicationarticle": (
        "boxed_warning",
        "how_it_works",
        "how_to_take",
        "side_effects",
        "serious_warnings",
        "interactions",
        "pregnancy_breastfeeding",
        "dependence_and_stopping",
    ),
    "indication": ("body", "when_to_get_help"),
}
PLAIN = {
    "medicationarticle": (
        "title",
        "slug",
        "generic_name",
        "brand_names",
        "summary",
        "key_facts",
        "get_help_now",
        "sources",
    ),
    "indication": ("name", "slug", "synonyms", "summary"),
    "drugclass": ("name", "slug", "description"),
    "medicationuse": ("note",),
    "clinicsettings": (
        "name",
        "phone",
        "address",
        "opening_hours",
        "emergency_message",
        "medical_disclaimer",
    ),
}


def canonicalise(apps, schema_editor):
    from medinfo.canonical import canonical_html, canonical_text

    for model_name in PLAIN:
        model = apps.get_model("medinfo", model_name)
        rules = [(name, canonical_text) for name in PLAIN[model_name]]
        rules += [(name, canonical_html) for name in RICH.get(model_name, ())]
        names = [name for name, _ in rules]
        for row in model.objects.values("pk", *names).iterator():
            changed = {
                name: clean(row[name])
                for name, clean in rules
                if row[name] is not None and clean(row[name]) != row[name]
            }
            if changed:
                model.objects.filter(pk=row["pk"]).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("medinfo", "0009_clinical_codes")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop)]
