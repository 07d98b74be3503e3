"""Convert the long-form fields from the old plain-text format to sanitised HTML,
then measure each article's reading level (stored for the admin list).

Old format: blank lines between paragraphs, "- " at the start of a bullet line.
"""

import html
import re

from django.db import migrations

from medinfo.models import PATIENT_TEXT_FIELDS, split_names
from medinfo.readability import measure
from medinfo.richtext import plain_text_to_html

FIELDS = {
    "MedicationArticle": (
        "boxed_warning",
        "how_it_works",
        "how_to_take",
        "side_effects",
        "serious_warnings",
        "interactions",
        "pregnancy_breastfeeding",
        "dependence_and_stopping",
    ),
    "Indication": ("body", "when_to_get_help"),
}
# Before this migration every value was plain text; one already converted (run twice)
# starts with a tag. (richtext.looks_like_html is broader: it serves saves from now on.)
_CONVERTED = re.compile(r"^\s*<[a-zA-Z!/]")


def to_html(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("medinfo", model_name)
        for obj in model.objects.all():
            changed = []
            for name in fields:
                value = getattr(obj, name)
                if value and not _CONVERTED.match(value):
                    setattr(obj, name, plain_text_to_html(value))
                    changed.append(name)
            if model_name == "MedicationArticle":
                level = measure(
                    [obj.title, *(getattr(obj, name) for name in PATIENT_TEXT_FIELDS)],
                    [obj.generic_name, *split_names(obj.brand_names)],
                )
                obj.reading_grade = level.grade if level else None
                obj.reading_ease = level.ease if level else None
                changed += ["reading_grade", "reading_ease"]
            if changed:
                obj.save(update_fields=changed)


def html_to_plain(value: str) -> str:
    value = re.sub(r"<li>", "- ", value)
    value = re.sub(r"</li>\s*", "\n", value)
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"</(p|h[2-4]|ul|ol)>\s*", "\n\n", value)
    value = re.sub(r"<[^>]+>", "", value)
    return html.unescape(re.sub(r"\n{3,}", "\n\n", value)).strip()


def to_plain(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("medinfo", model_name)
        for obj in model.objects.all():
            for name in fields:
                setattr(obj, name, html_to_plain(getattr(obj, name)))
            obj.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [("medinfo", "0005_workflow_groups")]

    operations = [migrations.RunPython(to_html, to_plain)]
