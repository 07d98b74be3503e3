"""Public pages for patients. Every query starts from `.published()`."""

from __future__ import annotations

import string
from itertools import groupby

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
# Matches the medinfo_article_az index.
FIRST_LETTER = Upper(Substr("title", 1, 1))
CONDITIONS_PER_PAGE = 100
HOME_CONDITIONS = 24


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


def home(request):
    letters_in_use, total = _letters_in_use()
    # One more than shown tells us whether to offer "all conditions" without a count.
    conditions = list(
        Indication.objects.published().only("name", "slug", "summary")[: HOME_CONDITIONS + 1]
    )
    return render(
        request,
        "medinfo/home.html",
        {
            "letters": _letter_links(letters_in_use, total <= AZ_SINGLE_PAGE_LIMIT),
            "conditions": conditions[:HOME_CONDITIONS],
            "more_conditions": len(conditions) > HOME_CONDITIONS,
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
    conditions = Indication.objects.published().only("name", "slug", "synonyms", "summary")
    page = Paginator(conditions, CONDITIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "medinfo/condition_list.html",
        {"conditions": page.object_list, "page_obj": page, "page_query": ""},
    )


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
            .only("title", "slug", "summary")[:50]
        )
        conditions = list(
            Indication.objects.published()
            .filter(
                Q(name__icontains=query)
                | Q(synonyms__icontains=query)
                | Q(summary__icontains=query)
            )
            .only("name", "slug", "summary")[:50]
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
