"""Public pages for patients. Every query starts from `.published()`."""

from __future__ import annotations

import string
from functools import reduce
from itertools import groupby
from operator import or_

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr, Upper
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .models import Indication, MedicationArticle, MedicationUse

MAX_QUERY_LENGTH = 100

LETTERS = list(string.ascii_uppercase)
# Up to this many medicines the A-Z is one page; above it, one letter per page.
AZ_SINGLE_PAGE_LIMIT = 300
AZ_PAGE_SIZE = 100
CONDITION_PAGE_SIZE = 100


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
        .annotate(letter=Upper(Substr("title", 1, 1)))
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


def home(request):
    letters_in_use, total = _letters_in_use()
    conditions = Indication.objects.published().only("name", "slug", "summary")
    return render(
        request,
        "medinfo/home.html",
        {
            "letters": _letter_links(letters_in_use, total <= AZ_SINGLE_PAGE_LIMIT),
            "conditions": conditions,
        },
    )


def medication_list(request):
    """Medicines A to Z: one page for a small catalogue, a letter at a time for a big one."""
    letters_in_use, total = _letters_in_use()
    single_page = total <= AZ_SINGLE_PAGE_LIMIT
    articles = (
        MedicationArticle.objects.published()
        .select_related("drug_class")
        .only("title", "slug", "drug_class__name")
        .order_by("title")
    )
    letter = page = None
    if not single_page:
        wanted = request.GET.get("letter", "").strip().upper()[:1]
        in_use = sorted(letters_in_use - {"#"})
        letter = wanted if wanted in letters_in_use else (in_use[0] if in_use else None)
        if letter == "#":
            articles = articles.exclude(reduce(or_, (Q(title__istartswith=c) for c in LETTERS)))
        elif letter:
            articles = articles.filter(title__istartswith=letter)
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


def condition_list(request):
    conditions = Indication.objects.published()
    return render(request, "medinfo/condition_list.html", {"conditions": conditions})


def condition_detail(request, slug: str):
    condition = get_object_or_404(Indication.objects.published(), slug=slug)
    uses = (
        condition.uses.filter(medication__in=MedicationArticle.objects.published())
        .select_related("medication")
        .only("kind", "note", "medication__title", "medication__slug", "indication_id")
        .order_by("medication__title")
    )
    page = Paginator(uses, CONDITION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "medinfo/condition_detail.html",
        {"condition": condition, "uses": page.object_list, "page_obj": page, "page_query": ""},
    )


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
