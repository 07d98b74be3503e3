"""Build admin change-form POSTs from stored objects, as a browser would send them."""

from __future__ import annotations

from medinfo.models import Indication, MedicationArticle

ARTICLE_FIELDS = (
    "title",
    "generic_name",
    "slug",
    "brand_names",
    "prescription_status",
    "controlled_schedule",
    "summary",
    "key_facts",
    "boxed_warning",
    "get_help_now",
    "how_it_works",
    "how_to_take",
    "side_effects",
    "serious_warnings",
    "interactions",
    "pregnancy_breastfeeding",
    "dependence_and_stopping",
    "sources",
)
INDICATION_FIELDS = ("name", "slug", "synonyms", "summary", "body", "when_to_get_help")


def change_url(obj) -> str:
    return f"/admin/medinfo/{obj._meta.model_name}/{obj.pk}/change/"


def _value(value) -> str:
    return "" if value is None else str(value)


def _datetime(data: dict, name: str, value) -> None:
    data[f"{name}_0"] = value.date().isoformat() if value else ""
    data[f"{name}_1"] = value.time().strftime("%H:%M:%S") if value else ""


def article_data(article: MedicationArticle, action: str = "save", **overrides) -> dict:
    """The change form as loaded now, with its uses, sent with the button `action`.

    Overrides replace form fields.
    """
    data = {name: _value(getattr(article, name)) for name in ARTICLE_FIELDS}
    data["_action"] = action
    data["drug_class"] = _value(article.drug_class_id)
    data["reviewed_by"] = _value(article.reviewed_by_id)
    data["last_reviewed"] = article.last_reviewed.isoformat() if article.last_reviewed else ""
    data["next_review_due"] = article.next_review_due.isoformat() if article.next_review_due else ""
    _datetime(data, "go_live_at", article.go_live_at)
    _datetime(data, "expires_at", article.expires_at)
    data["workflow_comment"] = ""
    data["loaded_version"] = str(article.edit_version)
    uses = list(article.uses.all())
    data.update(
        {
            "uses-TOTAL_FORMS": str(len(uses)),
            "uses-INITIAL_FORMS": str(len(uses)),
            "uses-MIN_NUM_FORMS": "0",
            "uses-MAX_NUM_FORMS": "1000",
        }
    )
    for n, use in enumerate(uses):
        data.update(
            {
                f"uses-{n}-id": str(use.pk),
                f"uses-{n}-medication": str(article.pk),
                f"uses-{n}-indication": str(use.indication_id),
                f"uses-{n}-kind": use.kind,
                f"uses-{n}-note": use.note,
                f"uses-{n}-order": str(use.order),
            }
        )
    data.update(overrides)
    return data


def indication_data(indication: Indication, action: str = "save", **overrides) -> dict:
    data = {name: _value(getattr(indication, name)) for name in INDICATION_FIELDS}
    data["_action"] = action
    _datetime(data, "go_live_at", indication.go_live_at)
    _datetime(data, "expires_at", indication.expires_at)
    data["workflow_comment"] = ""
    data["loaded_version"] = str(indication.edit_version)
    # The read-only inline of medicines using it still sends its management form.
    count = indication.uses.count()
    data.update(
        {
            "uses-TOTAL_FORMS": str(count),
            "uses-INITIAL_FORMS": str(count),
            "uses-MIN_NUM_FORMS": "0",
            "uses-MAX_NUM_FORMS": "0",
        }
    )
    for n, use in enumerate(indication.uses.all()):
        data[f"uses-{n}-id"] = str(use.pk)
        data[f"uses-{n}-indication"] = str(indication.pk)
    data.update(overrides)
    return data


def errors(response) -> str:
    """Everything the admin said was wrong, as one string (for assertion messages)."""
    if response.context is None:
        return ""
    parts = [str(response.context.get("errors", ""))]
    for formset in response.context.get("inline_admin_formsets", []):
        parts.append(str(formset.formset.non_form_errors()))
    return " ".join(parts)


def _field_value(bound) -> list[str] | str:
    value = bound.value()
    widget = bound.field.widget
    if hasattr(widget, "widgets") and hasattr(widget, "decompress"):  # split date/time
        parts = value if isinstance(value, list) else widget.decompress(value)
        return {f"{bound.html_name}_{i}": "" if p is None else str(p) for i, p in enumerate(parts)}
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    return str(value)


def _form_data(form, data: dict) -> None:
    for bound in form:
        value = _field_value(bound)
        if isinstance(value, dict):
            data.update(value)
        else:
            data[bound.html_name] = value


def form_from_response(response, action: str = "save", **overrides) -> dict:
    """What a browser would submit from a rendered admin change form with button `action`."""
    data: dict = {"_action": action}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            if form.instance.pk is None and not form.has_changed():
                data[formset.management_form.add_prefix("TOTAL_FORMS")] = str(
                    len([f for f in formset.forms if f.instance.pk])
                )
                continue
            _form_data(form, data)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
