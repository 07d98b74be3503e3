"""PrecompiledQuery: SQL built once, every call a fresh read with its own values."""

import datetime

import pytest
from django.db.models import Prefetch
from django.utils import timezone

from medinfo import views
from medinfo.models import MedicationArticle, MedicationUse, Status
from medinfo.precompiled import PrecompiledQuery

from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db

ARTICLE = MedicationArticle._meta


def published_by_slug(calls: list | None = None) -> PrecompiledQuery:
    def build(now, slug):
        if calls is not None:
            calls.append((now, slug))
        return (
            MedicationArticle.objects.published(now)
            .filter(slug=slug)
            .select_related("drug_class", "reviewed_by")
        )

    return PrecompiledQuery(
        build, now=ARTICLE.get_field("published_at"), slug=ARTICLE.get_field("slug")
    )


def test_it_finds_what_the_orm_finds_at_every_moment():
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    make_article(slug="live")
    make_article(slug="draft", status=Status.DRAFT)
    make_article(slug="later", go_live_at=now + hour)
    make_article(slug="gone", expires_at=now - hour)
    make_article(slug="window", go_live_at=now - hour, expires_at=now + hour)
    live = MedicationArticle.objects.get(slug="live")
    make_article(slug="pending", draft_of=live, title="Pending copy")
    query = published_by_slug()
    for moment in (now - 2 * hour, now, now + 2 * hour):
        for slug in ("live", "draft", "later", "gone", "window", "pending", "missing"):
            expected = list(MedicationArticle.objects.published(moment).filter(slug=slug))
            assert query(now=moment, slug=slug) == expected, (slug, moment)


def test_the_sql_is_built_once_and_run_on_every_call(django_assert_num_queries):
    calls = []
    query = published_by_slug(calls)
    make_article(slug="one", title="One")
    with django_assert_num_queries(1):
        assert [a.title for a in query(now=timezone.now(), slug="one")] == ["One"]
    MedicationArticle.objects.filter(slug="one").update(title="Renamed")
    make_article(slug="two", title="Two")
    with django_assert_num_queries(2):
        assert [a.title for a in query(now=timezone.now(), slug="one")] == ["Renamed"]
        assert [a.title for a in query(now=timezone.now(), slug="two")] == ["Two"]
    assert len(calls) == 1


def test_select_related_objects_come_with_the_row(django_assert_num_queries):
    make_article(slug="classed", drug_class=make_drug_class(name="Benzodiazepines"))
    make_article(slug="unclassed")
    query = published_by_slug()
    with django_assert_num_queries(2):
        (classed,) = query(now=timezone.now(), slug="classed")
        (unclassed,) = query(now=timezone.now(), slug="unclassed")
        assert classed.drug_class.name == "Benzodiazepines"
        assert unclassed.drug_class is None
        assert classed.reviewed_by is None
    # Loaded from the database like any other instance: it can be saved as usual.
    assert not classed._state.adding
    classed.summary = "Changed."
    classed.save()
    assert MedicationArticle.objects.get(slug="classed").summary == "Changed."


def test_values_are_converted_like_the_orm_converts_them():
    article = make_article(slug="typed")
    query = PrecompiledQuery(
        lambda pk: MedicationArticle.objects.filter(pk=pk), pk=ARTICLE.get_field("id")
    )
    assert query(pk=str(article.pk)) == [article]
    assert query(pk=article.pk + 1000) == []


def test_a_value_the_orm_rewrites_is_refused():
    query = PrecompiledQuery(
        lambda title: MedicationArticle.objects.filter(title__contains=title),
        title=ARTICLE.get_field("title"),
    )
    with pytest.raises(ValueError, match="not a plain SQL parameter"):
        query(title="Dia")


def test_the_medicine_page_reads_what_its_orm_query_reads_in_every_state():
    """The patients' path (precompiled) and the staff path (ORM) run one query definition."""
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    conditions = [
        make_indication(slug="live-condition"),
        make_indication(slug="draft-condition", status=Status.DRAFT),
        make_indication(slug="later-condition", go_live_at=now + hour),
        make_indication(slug="gone-condition", expires_at=now - hour),
    ]
    make_article(slug="live", uses=conditions)
    make_article(slug="draft", status=Status.DRAFT, uses=conditions)
    make_article(slug="later", go_live_at=now + hour, uses=conditions)
    make_article(slug="gone", expires_at=now - hour, uses=conditions)
    make_article(slug="window", go_live_at=now - hour, expires_at=now + hour, uses=conditions)
    make_article(slug="no-uses")
    live = MedicationArticle.objects.get(slug="live")
    make_article(slug="pending", draft_of=live, title="Pending copy", uses=conditions[:1])
    slugs = ("live", "draft", "later", "gone", "window", "no-uses", "pending", "missing")
    seen = set()
    # Before anything was published, between the schedules, after them.
    for moment in (now - 2 * hour, now + hour / 2, now + 2 * hour):
        for slug in slugs:
            query = views.medicine_page_query(moment).published(moment).filter(slug=slug)
            expected = query.first()
            found = views.published_medicine(slug, now=moment)
            assert found == expected, (slug, moment)
            if expected is None:
                continue
            seen.add((slug, len(expected.public_uses)))
            assert found.get_deferred_fields() == expected.get_deferred_fields()
            assert [
                (use.pk, use.indication.slug, use.medication is found) for use in found.public_uses
            ] == [
                (use.pk, use.indication.slug, use.medication is expected)
                for use in expected.public_uses
            ], (slug, moment)
    # The states made a difference: pages and their uses come and go with the clock.
    assert {("live", 1), ("live", 2), ("window", 1), ("no-uses", 0), ("later", 2)} <= seen
    assert not {slug for slug, _ in seen} & {"draft", "pending", "missing"}


def test_a_prefetch_it_cannot_run_once_per_row_is_refused():
    make_article(slug="one")
    many_rows = PrecompiledQuery(
        lambda slug: MedicationArticle.objects.filter(slug=slug).prefetch_related(
            Prefetch("uses", queryset=MedicationUse.objects.all(), to_attr="all_uses")
        ),
        slug=ARTICLE.get_field("slug"),
    )
    with pytest.raises(ValueError, match="one-row query"):
        many_rows(slug="one")
