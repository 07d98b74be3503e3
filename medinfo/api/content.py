"""medications/ and conditions/: published pages as JSON, a fixed number of queries each."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router

from .. import codes
from ..links import slug_url
from ..models import Indication, MedicationArticle, MedicationUse, text_lines
from ..models.text import split_names
from . import languages
from .schemas import (
    BadRequest,
    ConditionDetail,
    ConditionPage,
    MedicationDetail,
    MedicationPage,
    NotFound,
)

router = Router(tags=["content"])

PAGE_SIZE = 100
MAX_PAGE = 1_000_000
SLUG = r"^[-a-zA-Z0-9_]+$"

PageNumber = Query(1, ge=1, le=MAX_PAGE, description=f"Page number ({PAGE_SIZE} a page).")
Slug = Path(..., max_length=160, pattern=SLUG)


def _absolute(request: HttpRequest, path: str) -> str:
    # The scheme and host are worked out once per request, not once per link.
    base = request.__dict__.get("_api_base")
    if base is None:
        base = request._api_base = request.build_absolute_uri("/")[:-1]
    return base + path


def _code_list(system: str, value: str) -> list[str]:
    # Stored values were checked on save; a row changed by hand shows what still reads.
    return [code for part in value.split(",") if (code := codes.normalise(system, part))]


def _paginate(request: HttpRequest, queryset, page: int, name: str):
    paginator = Paginator(queryset, PAGE_SIZE, allow_empty_first_page=True)
    try:
        current = paginator.page(page)
    except EmptyPage:
        raise Http404(f"No such page: the last page is {paginator.num_pages}.") from None
    base = _absolute(request, reverse(f"api:{name}"))

    def link(number: int | None) -> str | None:
        return f"{base}?{urlencode({'page': number})}" if number else None

    return current, {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "next": link(current.next_page_number() if current.has_next() else None),
        "previous": link(current.previous_page_number() if current.has_previous() else None),
    }


def medication_ref(request: HttpRequest, article: MedicationArticle) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "generic_name": article.generic_name,
        "url": _absolute(request, article.get_absolute_url()),
        "api_url": _absolute(request, slug_url("api:medication_detail", article.slug)),
    }


def condition_ref(request: HttpRequest, condition: Indication) -> dict:
    return {
        "slug": condition.slug,
        "name": condition.name,
        "url": _absolute(request, condition.get_absolute_url()),
        "api_url": _absolute(request, slug_url("api:condition_detail", condition.slug)),
    }


def medication_summary(request: HttpRequest, article: MedicationArticle) -> dict:
    return {
        **medication_ref(request, article),
        "language": languages.language_for(article, languages.DEFAULT),
        "brand_names": article.brand_name_list,
        "drug_class": article.drug_class.name if article.drug_class else None,
        "rxnorm_codes": _code_list(codes.CodeSystem.RXNORM, article.rxnorm_codes),
        "summary": article.summary,
        "last_reviewed": article.last_reviewed,
        "next_review_due": article.next_review_due,
        "approved_at": article.approved_at,
    }


def condition_summary(request: HttpRequest, condition: Indication) -> dict:
    return {
        **condition_ref(request, condition),
        "language": languages.language_for(condition, languages.DEFAULT),
        "synonyms": split_names(condition.synonyms),
        "summary": condition.summary,
        "icd10cm_codes": _code_list(codes.CodeSystem.ICD10CM, condition.icd10cm_codes),
        "snomed_codes": _code_list(codes.CodeSystem.SNOMEDCT, condition.snomed_codes),
        "approved_at": condition.approved_at,
    }


def _use(use: MedicationUse) -> dict:
    return {"labelled": not use.is_off_label, "kind": use.kind, "note": use.note}


# Only what the API shows: no search documents, no rich-text sections.
MEDICATION_LIST_FIELDS = (
    "title",
    "slug",
    "generic_name",
    "brand_names",
    "drug_class__name",
    "rxnorm_codes",
    "summary",
    "last_reviewed",
    "next_review_due",
    "approved_at",
)
CONDITION_LIST_FIELDS = (
    "name",
    "slug",
    "synonyms",
    "summary",
    "icd10cm_codes",
    "snomed_codes",
    "approved_at",
)


@router.api_operation(
    ["GET", "HEAD"],
    "/medications/",
    url_name="medication_list",
    response={200: MedicationPage, 400: BadRequest, 404: NotFound},
    summary="Published medicines, A to Z",
)
def medication_list(request, page: int = PageNumber):
    articles = (
        MedicationArticle.objects.published()
        .select_related("drug_class")
        .only(*MEDICATION_LIST_FIELDS)
        .order_by("title", "pk")
    )
    current, links = _paginate(request, articles, page, "medication_list")
    return {**links, "items": [medication_summary(request, a) for a in current.object_list]}


@router.api_operation(
    ["GET", "HEAD"],
    "/medications/{slug}/",
    url_name="medication_detail",
    response={200: MedicationDetail, 400: BadRequest, 404: NotFound},
    summary="One published medicine, with its uses",
)
def medication_detail(request, slug: str = Slug):
    uses = (
        MedicationUse.objects.filter(indication__in=Indication.objects.published())
        .select_related("indication")
        .only(
            "kind", "note", "order", "medication", *(f"indication__{f}" for f in ("name", "slug"))
        )
    )
    article = (
        MedicationArticle.objects.published()
        .filter(slug=slug)
        .select_related("drug_class")
        .defer("search_document", "drug_class__search_document")
        .prefetch_related(Prefetch("uses", queryset=uses, to_attr="public_uses"))
        .first()
    )
    if article is None:
        raise Http404("No published medicine has this slug.")
    return {
        **medication_summary(request, article),
        "prescription_status": article.prescription_status,
        "controlled_schedule": article.controlled_schedule,
        "key_facts": text_lines(article.key_facts),
        "get_help_now": text_lines(article.get_help_now),
        "uses": [
            {**_use(use), "condition": condition_ref(request, use.indication)}
            for use in article.public_uses
        ],
    }


@router.api_operation(
    ["GET", "HEAD"],
    "/conditions/",
    url_name="condition_list",
    response={200: ConditionPage, 400: BadRequest, 404: NotFound},
    summary="Published conditions",
)
def condition_list(request, page: int = PageNumber):
    conditions = Indication.objects.published().only(*CONDITION_LIST_FIELDS).order_by("name", "pk")
    current, links = _paginate(request, conditions, page, "condition_list")
    return {**links, "items": [condition_summary(request, c) for c in current.object_list]}


@router.api_operation(
    ["GET", "HEAD"],
    "/conditions/{slug}/",
    url_name="condition_detail",
    response={200: ConditionDetail, 400: BadRequest, 404: NotFound},
    summary="One published condition, with the medicines used for it",
)
def condition_detail(request, slug: str = Slug):
    uses = (
        MedicationUse.objects.filter(medication__in=MedicationArticle.objects.published())
        .select_related("medication")
        .only(
            "kind",
            "note",
            "indication",
            *(f"medication__{f}" for f in ("title", "slug", "generic_name")),
        )
        .order_by("medication__title")
    )
    condition = (
        Indication.objects.published()
        .filter(slug=slug)
        .only(*CONDITION_LIST_FIELDS)
        .prefetch_related(Prefetch("uses", queryset=uses, to_attr="public_uses"))
        .first()
    )
    if condition is None:
        raise Http404("No published condition has this slug.")
    return {
        **condition_summary(request, condition),
        "medications": [
            {**_use(use), "medication": medication_ref(request, use.medication)}
            for use in condition.public_uses
        ],
    }
