"""What the editor's script asks for: content checks of the form as it stands, and who
else has the page open. Both answer with an HTML fragment the form shows as it is."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import presence
from .checks import PAGE_FIELDS, check, field_labels

MODELS = {"medicationarticle": "MedicationArticle", "indication": "Indication"}


def _model(name: str):
    from django.apps import apps

    return apps.get_model("medinfo", MODELS[name]) if name in MODELS else None


def staff_json(view):
    """Staff who may see the kind of page; 401 (not a redirect) when signed out,
    so the editor's script can say the session has ended."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return HttpResponse("Signed out", status=401, content_type="text/plain")
        model = _model(request.POST.get("model", ""))
        if model is None:
            return HttpResponseBadRequest("Unknown kind of page.", content_type="text/plain")
        label = f"{model._meta.app_label}.%s_{model._meta.model_name}"
        if not (user.has_perm(label % "change") or user.has_perm(label % "view")):
            return HttpResponse("Not allowed", status=403, content_type="text/plain")
        return view(request, model, *args, **kwargs)

    return never_cache(require_POST(wrapped))


@staff_json
def content_checks(request, model):
    name = model._meta.model_name
    wanted = {field for field, _ in PAGE_FIELDS[name]} | {"title", "generic_name", "brand_names"}
    values = {field: request.POST.get(field, "") for field in wanted}
    report = check(name, values, field_labels(model))
    return render(request, "admin/medinfo/includes/content_checks.html", {"report": report})


@staff_json
def check_in(request, model):
    try:
        pk = int(request.POST.get("pk", ""))
    except ValueError:
        return HttpResponseBadRequest("Which page?", content_type="text/plain")
    others = presence.check_in(model._meta.label_lower, pk, request.user)
    return render(request, "admin/medinfo/includes/presence.html", {"others": others})
