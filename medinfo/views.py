"""Public pages for patients. Every query starts from `.published()`.

The public side is read-only: every view answers GET and HEAD only (405 otherwise).
"""

from __future__ import annotations

import string
from itertools import groupby

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Indication, MedicationArticle, MedicationUse

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


@require_safe
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


@require_safe
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


@require_safe
def medication_detail(request, slug: str):
    uses = MedicationUse.objects.filter(
        indication__in=Indication.objects.published()
    ).select_related("indication")
    article = get_object_or_404(
        MedicationArticle.objects.published()
        .select_related("drug_class")
        .prefetch_related(Prefetch("uses", queryset=uses, to_attr="public_uses")),
        slug=slug,
    )
    return render(request, "medinfo/medication_detail.html", {"article": article})


@require_safe
def condition_list(request):
    conditions = Indication.objects.published()
    return render(request, "medinfo/condition_list.html", {"conditions": conditions})


@require_safe
def condition_detail(request, slug: str):
    uses = (
        MedicationUse.objects.filter(medication__in=MedicationArticle.objects.published())
        .select_related("medication", "medication__drug_class")
        .order_by("medication__title")
    )
    condition = get_object_or_404(
        Indication.objects.published().prefetch_related(
            Prefetch("uses", queryset=uses, to_attr="public_uses")
        ),
        slug=slug,
    )
    return render(request, "medinfo/condition_detail.html", {"condition": condition})


def clean_query(raw: str) -> str:
    """Make any user-typed text safe to search: no control characters, bounded length."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@require_safe
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
