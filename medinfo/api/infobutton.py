"""/api/v1/infobutton: an HL7 infobutton answering MedlinePlus Connect's request parameters.

An EHR or patient portal already set up for MedlinePlus Connect points at the
clinic by changing the base address. A medicine's RxNorm code or a problem's
ICD-10-CM or SNOMED CT code leads to the clinic's own published page, as an
Atom feed (the default) or MedlinePlus's JSON shape. ICD-10-CM codes match the
most specific code family staff entered (F41.1 -> the page with F41).
Unknown codes get an empty feed; malformed requests a 400 naming the parameter.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.html import escape
from ninja import Query, Router

from .. import codes
from ..codes import CodeSystem
from ..models import ContentCode, Indication, MedicationArticle
from . import feeds, languages
from .schemas import BadRequest, InfobuttonJson

router = Router(tags=["infobutton"])

CodeSystemOid = Literal[
    "2.16.840.1.113883.6.88",  # RxNorm
    "2.16.840.1.113883.6.90",  # ICD-10-CM
    "2.16.840.1.113883.6.96",  # SNOMED CT
]
CODE_SYSTEM = "mainSearchCriteria.v.cs"
CODE = "mainSearchCriteria.v.c"
ATOM = "text/xml"
JSON = "application/json"


def _bad_request(parameter: str, message: str) -> JsonResponse:
    # The same shape as every other 400 of the API (see main.bad_request).
    return JsonResponse(
        {
            "detail": f"Missing or malformed parameter: {parameter}.",
            "errors": [{"parameter": parameter, "message": message}],
        },
        status=400,
    )


def find_pages(system: str, code: str) -> list[MedicationArticle | Indication]:
    """The published page a code leads to (one query), or none."""
    candidates = codes.icd10cm_prefixes(code) if system == CodeSystem.ICD10CM else [code]
    rows = ContentCode.objects.filter(system=system, code__in=candidates)
    if system == CodeSystem.RXNORM:
        owner, published = "medication", MedicationArticle.objects.published()
        fields = ("title", "slug", "summary", "approved_at", "updated_at")
    else:
        owner, published = "indication", Indication.objects.published()
        fields = ("name", "slug", "summary", "approved_at", "updated_at")
    rows = (
        rows.filter(**{f"{owner}__in": published})
        .select_related(owner)
        .only("code", *(f"{owner}__{field}" for field in fields))
        # The most specific code family staff entered wins (G40.9 before G40).
        .order_by(Length("code").desc())[:1]
    )
    return [getattr(row, owner) for row in rows]


def _entry(request: HttpRequest, page, requested_language: str) -> dict:
    return {
        "title": str(page),
        "url": request.build_absolute_uri(page.get_absolute_url()),
        "language": languages.language_for(page, requested_language),
        "summary_html": escape(page.summary),
        "updated": page.approved_at or page.updated_at,
    }


CODE_SYSTEM_PARAMETER = Query(
    ...,
    alias=CODE_SYSTEM,
    description="The code system's OID: RxNorm 2.16.840.1.113883.6.88, ICD-10-CM "
    "2.16.840.1.113883.6.90, SNOMED CT 2.16.840.1.113883.6.96.",
)
CODE_PARAMETER = Query(
    ...,
    alias=CODE,
    min_length=1,
    max_length=codes.MAX_CODE_LENGTH,
    pattern=r"^[A-Za-z0-9.]+$",
    description="The code, e.g. 3322 (RxNorm: diazepam) or F41.1 (ICD-10-CM).",
)
DISPLAY_NAME_PARAMETER = Query(
    None,
    alias="mainSearchCriteria.v.dn",
    max_length=200,
    description="The code's display name. Accepted; pages are found by code only.",
)
LANGUAGE_PARAMETER = Query(
    "en",
    alias="informationRecipient.languageCode.c",
    max_length=16,
    pattern=r"^[A-Za-z]{2}([-_][A-Za-z0-9]{1,8})?$",
    description="en or es (es-MX and the like count as es). Spanish falls back to "
    "English where no approved translation exists; each entry says its language.",
)
RESPONSE_TYPE_PARAMETER = Query(
    ATOM, alias="knowledgeResponseType", description="text/xml (Atom) or application/json."
)


@router.api_operation(
    ["GET", "HEAD"],
    "/infobutton",
    url_name="infobutton",
    response={200: InfobuttonJson, 400: BadRequest},
    by_alias=True,
    summary="Infobutton: the clinic's page for an RxNorm, ICD-10-CM or SNOMED CT code",
    description=(
        "MedlinePlus Connect's request parameters, so an EHR already configured for "
        "MedlinePlus Connect can point here by changing the base address. Answers an Atom "
        "feed (`knowledgeResponseType=text/xml`, the default) or MedlinePlus's JSON shape "
        "(`application/json`). An ICD-10-CM code matches the most specific code family "
        "on a page (F41.1 finds the page with F41). A code no published page has gives an "
        "empty feed (200). Other MedlinePlus parameters are accepted and ignored."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "A feed with the matching page (or none).",
                "content": {
                    "text/xml": {"schema": {"type": "string", "description": "An Atom feed."}},
                },
            }
        }
    },
)
def infobutton(
    request,
    code_system: CodeSystemOid = CODE_SYSTEM_PARAMETER,
    code: str = CODE_PARAMETER,
    display_name: str | None = DISPLAY_NAME_PARAMETER,
    language: str = LANGUAGE_PARAMETER,
    response_type: Literal["text/xml", "application/json"] = RESPONSE_TYPE_PARAMETER,
):
    system = codes.OIDS[code_system]
    normalised = codes.normalise(system, code)
    if normalised is None:
        return _bad_request(CODE, f"Not a {system.label} code: {codes.EXAMPLES[system]}.")
    requested = languages.requested_language(language)
    if requested is None:
        return _bad_request(
            "informationRecipient.languageCode.c", "Use en (English) or es (Spanish)."
        )
    entries = [_entry(request, page, requested) for page in find_pages(system, normalised)]
    feed = feeds.Feed(
        title=f"{settings.SITE_NAME}: {system.label} {normalised}",
        site_url=request.build_absolute_uri("/"),
        feed_id=request.build_absolute_uri(request.path)
        + f"?{CODE_SYSTEM}={code_system}&{CODE}={normalised}",
        language=requested if entries and entries[0]["language"] == requested else "en",
        updated=max((e["updated"] for e in entries), default=timezone.now()),
        categories=[(CODE, normalised), (CODE_SYSTEM, code_system)],
        entries=entries,
        author=settings.SITE_NAME,
    )
    if response_type == JSON:
        return JsonResponse(feeds.as_json(feed))
    return HttpResponse(feeds.as_atom(feed), content_type="text/xml; charset=utf-8")
