"""Public pages for patients. Every query starts from `.published()`."""

from __future__ import annotations

import string
from itertools import groupby

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .models import Indication, MedicationArticle, MedicationUse
from .workflow import change_permission

MAX_QUERY_LENGTH = 100

LETTERS = list(string.ascii_uppercase)


def _first_letter(title: str) -> str:
    letter = title[:1].upper()
    return letter if letter in LETTERS else "#"


def _letter_groups(articles) -> list[tuple[str, list[MedicationArticle]]]:
    return [
        (letter, list(items))
        for letter, items in groupby(articles, key=lambda a: _first_letter(a.title))
    ]


def home(request):
    articles = MedicationArticle.objects.published().only("title", "slug")
    letters_in_use = {_first_letter(a.title) for a in articles}
    conditions = Indication.objects.published().only("name", "slug", "summary")
    return render(
        request,
        "medinfo/home.html",
        {
            "letters": [(letter, letter in letters_in_use) for letter in LETTERS],
            "conditions": conditions,
        },
    )


def medication_list(request):
    articles = (
        MedicationArticle.objects.published()
        .select_related("drug_class")
        .only("title", "slug", "generic_name", "brand_names", "summary", "drug_class__name")
        .order_by("title")
    )
    groups = _letter_groups(articles)
    letters_in_use = {letter for letter, _ in groups}
    return render(
        request,
        "medinfo/medication_list.html",
        {
            "groups": groups,
            "letters": [(letter, letter in letters_in_use) for letter in LETTERS],
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


def medication_detail(request, slug: str):
    uses = MedicationUse.objects.filter(
        indication__in=Indication.objects.published()
    ).select_related("indication")
    article, preview = published_or_preview(
        request,
        MedicationArticle.objects.select_related("drug_class", "reviewed_by").prefetch_related(
            Prefetch("uses", queryset=uses, to_attr="public_uses")
        ),
        slug=slug,
    )
    return render_page(request, "medinfo/medication_detail.html", {"article": article}, preview)


def condition_list(request):
    conditions = Indication.objects.published()
    return render(request, "medinfo/condition_list.html", {"conditions": conditions})


def condition_detail(request, slug: str):
    uses = (
        MedicationUse.objects.filter(medication__in=MedicationArticle.objects.published())
        .select_related("medication", "medication__drug_class")
        .order_by("medication__title")
    )
    condition, preview = published_or_preview(
        request,
        Indication.objects.prefetch_related(Prefetch("uses", queryset=uses, to_attr="public_uses")),
        slug=slug,
    )
    return render_page(request, "medinfo/condition_detail.html", {"condition": condition}, preview)


def clean_query(raw: str) -> str:
    """Make any user-typed text safe to search: no control characters, bounded length."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(request):
    query = clean_query(request.GET.get("q", ""))
    medications: list[MedicationArticle] = []
    conditions: list[Indication] = []
    if query:
        medications = list(
            MedicationArticle.objects.published()
            .filter(
                Q(title__icontains=query)
                | Q(generic_name__icontains=query)
                | Q(brand_names__icontains=query)
                | Q(drug_class__name__icontains=query)
                | Q(summary__icontains=query)
            )
            .select_related("drug_class")
            .distinct()[:50]
        )
        conditions = list(
            Indication.objects.published()
            .filter(
                Q(name__icontains=query)
                | Q(synonyms__icontains=query)
                | Q(summary__icontains=query)
            )
            .distinct()[:50]
        )
    return render(
        request,
        "medinfo/search.html",
        {
            "query": query,
            "medications": medications,
            "conditions": conditions,
            "result_count": len(medications) + len(conditions),
        },
    )
