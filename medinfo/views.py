"""Public pages for patients. Every query starts from `.published()`.

The public side is read-only: every view answers GET and HEAD only (405 otherwise).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import string
from itertools import groupby
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr, Upper
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import etag, require_safe

from . import brands, structured_data
from .editorial.rules import change_permission
from .models import PUBLIC_CLASS_FIELDS, DrugClass, Indication, MedicationArticle, MedicationUse
from .models.redirects import moved_page
from .pagecache import memo
from .precompiled import PrecompiledQuery
from .search import search as search_content

LETTERS = list(string.ascii_uppercase)
COMMON_CONDITIONS = 8
# Up to this many medicines the A-Z is one page; above it, one letter per page.
AZ_SINGLE_PAGE_LIMIT = 300
AZ_PAGE_SIZE = 100
CONDITION_PAGE_SIZE = 100
CONDITIONS_PER_PAGE = 100
DRUG_CLASS_PAGE_SIZE = 100
# Matches the medinfo_article_az index.
FIRST_LETTER = Upper(Substr("title", 1, 1))


def _first_letter(title: str) -> str:
    letter = title[:1].upper()
    return letter if letter in LETTERS else "#"


def _letter_groups(articles) -> list[tuple[str, list[MedicationArticle]]]:
    return [
        (letter, list(items))
        for letter, items in groupby(articles, key=lambda a: _first_letter(a.title))
    ]


def _letters_in_use() -> tuple[set[str], int]:
    """First letters of published medicines and how many there are, in one small query."""
    rows = (
        MedicationArticle.objects.published()
        .annotate(letter=FIRST_LETTER)
        .values("letter")
        .annotate(count=Count("id"))
        .order_by()
    )
    letters: set[str] = set()
    total = 0
    for row in rows:
        letters.add(row["letter"] if row["letter"] in LETTERS else "#")
        total += row["count"]
    return letters, total


def _letter_links(letters_in_use: set[str], single_page: bool) -> list[tuple[str, str | None]]:
    """(letter, link or None) for the A-Z bar: anchors on one page, else a page per letter."""
    base = reverse("medinfo:medication_list")
    return [
        (
            letter,
            (f"{base}#letter-{letter}" if single_page else f"{base}?letter={letter}")
            if letter in letters_in_use
            else None,
        )
        for letter in LETTERS
    ]


def _common_conditions() -> list[int]:
    """The conditions with the most published medicines: what most patients look for.

    Counting every use is the home page's dearest query, so it runs once per
    content change (medinfo/pagecache/memo.py) and the page then reads these few rows by key.
    """
    return list(
        Indication.objects.published()
        .annotate(
            medicine_count=Count(
                "uses", filter=Q(uses__medication__in=MedicationArticle.objects.published())
            )
        )
        .order_by("-medicine_count", "name")
        .values_list("pk", flat=True)[:COMMON_CONDITIONS]
    )


@require_safe
def home(request):
    letters_in_use, total = _letters_in_use()
    order = {
        pk: n for n, pk in enumerate(memo.per_generation("common-conditions", _common_conditions))
    }
    conditions = sorted(
        Indication.objects.published().filter(pk__in=order).only("name", "slug", "summary"),
        key=lambda condition: order[condition.pk],
    )
    return render(
        request,
        "medinfo/home.html",
        {
            "letters": _letter_links(letters_in_use, total <= AZ_SINGLE_PAGE_LIMIT),
            "conditions": conditions,
        },
    )


@require_safe
def medication_list(request):
    """Medicines A to Z: one page for a small catalogue, a letter at a time for a big one."""
    letters_in_use, total = _letters_in_use()
    single_page = total <= AZ_SINGLE_PAGE_LIMIT
    articles = (
        MedicationArticle.objects.published()
        .select_related("drug_class")
        .only("title", "slug", *PUBLIC_CLASS_FIELDS)
        .order_by("title")
    )
    letter = page = None
    if not single_page:
        wanted = request.GET.get("letter", "").strip().upper()[:1]
        in_use = sorted(letters_in_use - {"#"})
        letter = wanted if wanted in letters_in_use else (in_use[0] if in_use else None)
        articles = articles.annotate(letter=FIRST_LETTER)
        if letter == "#":
            articles = articles.exclude(letter__in=LETTERS)
        elif letter:
            articles = articles.filter(letter=letter)
        page = Paginator(articles, AZ_PAGE_SIZE).get_page(request.GET.get("page"))
        articles = page.object_list
    return render(
        request,
        "medinfo/medication_list.html",
        {
            "groups": _letter_groups(articles) if total else [],
            "letters": _letter_links(letters_in_use, single_page),
            "letter": letter,
            "page_obj": page,
            "page_query": f"letter={letter}&" if letter else "",
        },
    )


def may_preview(request, model) -> bool:
    """Staff who may change a page may see it before it is published."""
    user = request.user
    return user.is_active and user.is_staff and user.has_perm(change_permission(model))


def published_or_preview(request, queryset, **lookup):
    """The published object, or for staff with change permission any object: (obj, preview).

    `?preview=draft` shows staff the pending changes to a live page. Anonymous
    visitors and other users get 404 for anything not published, and the
    published version whatever the query string says.
    """
    allowed = may_preview(request, queryset.model)
    if allowed and request.GET.get("preview") == "draft":
        obj = queryset.filter(draft_of__in=queryset.model._default_manager.live().filter(**lookup))
        if (pending := obj.first()) is not None:
            return pending, True
    obj = queryset.published().filter(**lookup).first()
    if obj is not None:
        return obj, False
    if allowed:
        obj = queryset.live().filter(**lookup).first()
        if obj is not None:
            return obj, True
    raise Http404(f"No published {queryset.model._meta.verbose_name} matches this address.")


def render_page(request, template: str, context: dict, preview: bool):
    response = render(request, template, {**context, "preview": preview})
    if preview:
        # A preview must never be stored by a browser, proxy or the page cache.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
    return response


def medicine_page_query(now: datetime.datetime | None = None):
    """The medicine page's query: the article, its type and reviewer, its published uses.

    Written once, for both paths: staff previews run it through the ORM, and
    patients' requests run the same query compiled once (`published_medicine`).
    Only the columns the page shows: no search documents (several kB each), no
    condition bodies, no password hash of the reviewer.
    """
    uses = (
        MedicationUse.objects.filter(indication__in=Indication.objects.published(now))
        .select_related("indication")
        .only("kind", "note", "order", "medication", "indication__name", "indication__slug")
    )
    return (
        MedicationArticle.objects.select_related("drug_class", "reviewed_by")
        .defer(
            "search_document",
            "drug_class__search_document",
            "drug_class__description",
            "reviewed_by__password",
        )
        .prefetch_related(Prefetch("uses", queryset=uses, to_attr="public_uses"))
    )


# The medicine page is the one patients open most. Its two queries (the article,
# its uses) have a fixed shape, so their SQL is built once per process
# (medinfo/precompiled.py); each request still reads them from the database.
_PUBLISHED_MEDICINE = PrecompiledQuery(
    lambda now, slug: medicine_page_query(now).published(now).filter(slug=slug)[:1],
    now=MedicationArticle._meta.get_field("published_at"),
    slug=MedicationArticle._meta.get_field("slug"),
)


def published_medicine(slug: str, now: datetime.datetime | None = None) -> MedicationArticle | None:
    """What `medicine_page_query(now).published(now).filter(slug=slug).first()` returns, faster."""
    found = _PUBLISHED_MEDICINE(now=now or timezone.now(), slug=slug)
    return found[0] if found else None


@require_safe
def medication_detail(request, slug: str):
    if may_preview(request, MedicationArticle):
        # Staff who may see drafts and scheduled pages: the general (slower) path.
        try:
            article, preview = published_or_preview(request, medicine_page_query(), slug=slug)
        except Http404:
            return _brand_name(request, slug)
    else:
        article, preview = published_medicine(slug), False
        if article is None:
            # Not a medicine's own address: perhaps a brand name (/medications/valium/).
            return _brand_name(request, slug)
    context = {"article": article, "structured_data": structured_data.medicine(article, request)}
    return render_page(request, "medinfo/medication_detail.html", context, preview)


def _brand_name(request, slug: str):
    """/medications/valium/ leads to diazepam; a brand several medicines share offers a choice."""
    brand, articles = brands.medicines_for_brand_slug(slug)
    if not articles:
        return moved_or_404(MedicationArticle, slug)
    if len(articles) == 1:
        return HttpResponsePermanentRedirect(articles[0].get_absolute_url())
    return render(request, "medinfo/brand_choice.html", {"brand": brand, "articles": articles})


def moved_or_404(model, slug: str):
    """A page's old address (it was renamed) leads to its new one; anything else is a 404.

    Asked only once no page answered, so pages at their own address pay nothing.
    """
    page = moved_page(model, slug)
    if page is None:
        raise Http404(f"No published {model._meta.verbose_name} matches this address.")
    return HttpResponsePermanentRedirect(page.get_absolute_url())


@require_safe
def condition_list(request):
    conditions = Indication.objects.published().only("name", "slug", "synonyms", "summary")
    page = Paginator(conditions, CONDITIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "medinfo/condition_list.html",
        {"conditions": page.object_list, "page_obj": page, "page_query": ""},
    )


@require_safe
def condition_detail(request, slug: str):
    try:
        condition, preview = published_or_preview(request, Indication.objects.all(), slug=slug)
    except Http404:
        return moved_or_404(Indication, slug)
    uses = (
        condition.uses.filter(medication__in=MedicationArticle.objects.published())
        .select_related("medication")
        .only(
            "kind",
            "note",
            "indication_id",
            "medication__title",
            "medication__slug",
            "medication__generic_name",
            "medication__brand_names",
        )
        .order_by("medication__title")
    )
    page = Paginator(uses, CONDITION_PAGE_SIZE).get_page(request.GET.get("page"))
    # The structured data names the medicines on this page, like the page itself.
    condition.public_uses = list(page.object_list)
    context = {
        "condition": condition,
        "uses": condition.public_uses,
        "page_obj": page,
        "page_query": "",
        "structured_data": structured_data.condition(condition, request),
    }
    return render_page(request, "medinfo/condition_detail.html", context, preview)


@require_safe
def search(request):
    results = search_content(request.GET.get("q", ""))
    return render(
        request,
        "medinfo/search.html",
        {"query": results.query, "results": results},
    )


@require_safe
def drug_class_list(request):
    published_medicines = MedicationArticle.objects.published()
    classes = (
        DrugClass.objects.published()
        .annotate(medicine_count=Count("articles", filter=Q(articles__in=published_medicines)))
        .filter(medicine_count__gt=0)
        .order_by("name")
    )
    return render(request, "medinfo/drug_class_list.html", {"drug_classes": classes})


@require_safe
def drug_class_detail(request, slug: str):
    try:
        drug_class, preview = published_or_preview(request, DrugClass.objects.all(), slug=slug)
    except Http404:
        return moved_or_404(DrugClass, slug)
    # A pending copy is previewed with the medicines of the live class it changes.
    articles = (
        MedicationArticle.objects.published()
        .filter(drug_class=drug_class.pending_copy_of_id or drug_class.pk)
        .only("title", "slug", "generic_name", "brand_names", "summary", "drug_class")
        .order_by("title")
    )
    page = Paginator(articles, DRUG_CLASS_PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.paginator.count and not preview:
        # A class with nothing published has no page yet (and must not hint at drafts).
        raise Http404("No published medicines in this class")
    context = {
        "drug_class": drug_class,
        "articles": page.object_list,
        "page_obj": page,
        "page_query": "",
    }
    return render_page(request, "medinfo/drug_class_detail.html", context, preview)


# Browsers that ask for /favicon.ico (before reading a page, or instead of its
# link) get the same icon; the page links the hashed copy, cached for a year.
FAVICON = "img/favicon.ico"
FAVICON_MAX_AGE = 24 * 60 * 60


@functools.cache
def _favicon() -> tuple[bytes, str]:
    data = Path(finders.find(FAVICON)).read_bytes()
    return data, f'"{hashlib.sha256(data).hexdigest()[:16]}"'


@require_safe
@etag(lambda request: _favicon()[1])
def favicon_ico(request):
    response = HttpResponse(_favicon()[0], content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=FAVICON_MAX_AGE)
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
