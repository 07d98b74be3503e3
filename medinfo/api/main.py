"""The NinjaAPI object: routers, the OpenAPI document, the docs page, and 400s that say why."""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import ValidationError

from . import content, docs, infobutton

NAMESPACE = "api"


class ReadOnlyAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Every operation answers HEAD too (GET without the body, RFC 9110); listing
        # it would repeat each GET with the same operation id.
        for methods in schema["paths"].values():
            methods.pop("head", None)
        return schema


api = ReadOnlyAPI(
    title="Clinic medicines information API",
    version="1",
    description=(
        "Read-only: the clinic's published medicine and condition pages, and an HL7 "
        "infobutton (MedlinePlus Connect's parameters) that finds a page by RxNorm, "
        "ICD-10-CM or SNOMED CT code. No authentication; drafts are never reachable."
    ),
    urls_namespace=NAMESPACE,
    docs=docs.ServerRenderedDocs(),
    docs_url="/docs/",
    # The OpenAPI document and the docs page answer GET and HEAD only, like every page.
    docs_decorator=require_safe,
)
api.add_router("/", content.router)
api.add_router("/", infobutton.router)


@api.exception_handler(ValidationError)
def bad_request(request, exc: ValidationError):
    """400 naming each parameter that is missing or malformed (never echoing its value)."""
    problems = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        parameter = location[0] if location else ""
        problems.append({"parameter": parameter, "message": error.get("msg", "invalid")})
    named = ", ".join(dict.fromkeys(p["parameter"] for p in problems if p["parameter"]))
    detail = f"Missing or malformed parameter: {named}." if named else "Malformed request."
    return api.create_response(request, {"detail": detail, "errors": problems}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@require_safe
def home(request):
    """/api/v1/ itself: people who open it get the docs (ninja's own answer is a 404)."""
    return HttpResponsePermanentRedirect(reverse("api:openapi-view"))
