"""The page cache (medinfo/pagecache/): who is served from it, and that it is never stale."""

import datetime
import gzip
import os
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone

from medinfo import pagecache
from medinfo.models import (
    DrugClass,
    Indication,
    MedicationArticle,
    MedicationUse,
    Status,
)

from .adminforms import article_data, change_url, errors
from .factories import make_article, make_drug_class, make_indication
from .helpers import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def stored_pages() -> list[str]:
    """Keys of pages in the (local-memory) test cache."""
    return [key for key in caches["default"]._cache if pagecache.PAGE_KEY_PREFIX in key]


def get_html(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


# --- who is served from the cache -------------------------------------------


def test_a_repeat_anonymous_visit_is_served_without_touching_the_database(
    client, django_assert_num_queries
):
    make_article(slug="diazepam", title="Diazepam", uses=[make_indication()])
    first = client.get("/medications/diazepam/")
    with django_assert_num_queries(0):
        second = client.get("/medications/diazepam/")
    assert second.status_code == 200
    assert second.content == first.content
    assert len(stored_pages()) == 1


def test_a_hit_is_one_read_of_the_shared_cache(client, django_assert_num_queries, monkeypatch):
    make_article(slug="diazepam", title="Diazepam", uses=[make_indication()])
    first = client.get("/medications/diazepam/")
    cache = caches["default"]
    reads = []
    depth = [0]  # the local-memory test cache's get_many calls get per key: count the outer call
    for method in ("get", "get_many"):
        original = getattr(cache, method)

        def counted(*args, _method=method, _original=original, **kwargs):
            if not depth[0]:
                reads.append(_method)
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(cache, method, counted)

    with django_assert_num_queries(0):
        from_local_copy = client.get("/medications/diazepam/")  # only the state is read
        pagecache.forget_local_copies()  # as in another worker: state and page in one read
        from_shared_cache = client.get("/medications/diazepam/")

    assert reads == ["get", "get_many"]
    assert from_local_copy.content == from_shared_cache.content == first.content


def test_a_page_from_the_cache_keeps_its_security_headers(client, django_assert_num_queries):
    make_article(slug="diazepam", uses=[make_indication()])
    first = client.get("/medications/diazepam/")
    with django_assert_num_queries(0):
        second = client.get("/medications/diazepam/")
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert second[header] == first[header]
    assert second["X-Request-ID"] != first["X-Request-ID"]


@pytest.mark.parametrize(
    "url", ["/", "/medications/", "/conditions/", "/conditions/c/", "/search/?q=test"]
)
def test_every_public_page_type_is_cached_for_anonymous_visitors(
    client, url, django_assert_num_queries
):
    make_article(title="Testamine", uses=[make_indication(slug="c")])
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_staff_never_get_or_fill_the_page_cache(staff_client):
    article = make_article(slug="diazepam", title="Diazepam", uses=[make_indication()])
    Client().get("/medications/diazepam/")  # cached for anonymous visitors
    MedicationArticle.objects.filter(pk=article.pk).update(title="Changed quietly")

    response = staff_client.get("/medications/diazepam/")

    assert "Changed quietly" in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert len(stored_pages()) == 1  # only the anonymous copy


def test_a_visitor_with_a_session_cookie_bypasses_the_cache(client, django_assert_max_num_queries):
    make_article(slug="diazepam", uses=[make_indication()])
    client.get("/medications/diazepam/")
    client.cookies["sessionid"] = "anything"
    with django_assert_max_num_queries(20) as captured:
        client.get("/medications/diazepam/")
    assert len(captured.captured_queries) >= 1


def test_the_admin_is_never_cached(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert stored_pages() == []
    assert "ETag" not in response or "public" not in response.get("Cache-Control", "")


def csrf_form_view(request):
    html = engines["django"].from_string("<form>{% csrf_token %}</form>").render({}, request)
    return HttpResponse(html)


def cookie_view(request):
    response = HttpResponse("hello " * 100)
    response.set_cookie("seen", "1")
    return response


def health_view(request):
    return HttpResponse("ok " * 100)


urlpatterns = [
    path("form/", csrf_form_view, name="form"),
    path("cookie/", cookie_view, name="cookie"),
    path("healthz", health_view, name="healthz"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_only_the_listed_public_pages_are_cached(client, monkeypatch):
    monkeypatch.setitem(pagecache.PUBLIC_PAGES, "form", {})
    client.get("/healthz")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert stored_pages() == []
    assert "ETag" not in response


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/form/", "/cookie/"])
def test_pages_with_a_csrf_token_or_a_cookie_are_never_stored(client, monkeypatch, url):
    monkeypatch.setitem(pagecache.PUBLIC_PAGES, "form", {})
    monkeypatch.setitem(pagecache.PUBLIC_PAGES, "cookie", {})
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert stored_pages() == []
    assert "no-cache" in second["Cache-Control"]


def test_post_requests_are_never_served_from_the_cache(client):
    make_article(slug="diazepam", uses=[make_indication()])
    client.get("/medications/diazepam/")
    assert client.post("/medications/diazepam/").status_code != 304
    assert len(stored_pages()) == 1


def test_page_cache_is_off_by_default_with_a_per_process_cache(settings, client):
    settings.PAGE_CACHE = False
    make_article(slug="diazepam", uses=[make_indication()])
    client.get("/medications/diazepam/")
    assert stored_pages() == []


@pytest.mark.parametrize(
    ("cache_url", "page_cache", "backend"),
    [
        ("", "False", "LocMemCache"),
        ("redis://127.0.0.1:6379/6", "True", "clinic.redis_cache.RedisCache"),
    ],
)
def test_the_page_cache_is_on_by_default_only_with_a_shared_cache(cache_url, page_cache, backend):
    from .test_settings import ROOT

    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "PAGE_CACHE"}}
    env.update({"SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "clinic.settings"})
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.PAGE_CACHE, settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == page_cache
    assert result.stdout.split()[1].endswith(backend)


def test_the_schedule_failing_still_starts_a_new_generation(monkeypatch):
    before = pagecache.current_state()

    def broken():
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(pagecache, "next_scheduled_change", broken)
    after = pagecache.invalidate_all()
    assert after.generation != before.generation
    assert caches["default"].get(pagecache.STATE_KEY) == after


def test_a_cache_outage_renders_the_page_instead_of_failing(client, monkeypatch):
    make_article(slug="diazepam", title="Diazepam", uses=[make_indication()])

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(caches["default"], method, broken)
    response = client.get("/medications/diazepam/")
    assert response.status_code == 200
    assert "Diazepam" in response.content.decode()


# --- never stale ---------------------------------------------------------------


@pytest.fixture
def catalogue():
    drug_class = make_drug_class(name="Benzodiazepines")
    seizures = make_indication(name="Seizures", slug="seizures")
    article = make_article(
        title="Diazepam", slug="diazepam", drug_class=drug_class, uses=[seizures]
    )
    return article


PAGES = ["/", "/medications/", "/medications/diazepam/", "/conditions/", "/conditions/seizures/"]


def warm(client, urls=PAGES):
    for url in urls:
        client.get(url)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("change", "url", "expected", "gone"),
    [
        (
            lambda a: _save(a, title="Diazepam (Valium) corrected"),
            "/medications/",
            "Diazepam (Valium) corrected",
            None,
        ),
        (lambda a: _with(a, status=Status.DRAFT).save(), "/conditions/seizures/", None, "Diazepam"),
        (lambda a: a.delete(), "/medications/", None, "Diazepam"),
        (
            lambda a: _save(a.uses.get(), note="Now a rescue medicine."),
            "/medications/diazepam/",
            "Now a rescue medicine.",
            None,
        ),
        (
            lambda a: _save(Indication.objects.get(slug="seizures"), name="Epileptic seizures"),
            "/medications/diazepam/",
            "Epileptic seizures",
            None,
        ),
        (
            lambda a: _save(DrugClass.objects.get(), name="Calming medicines"),
            "/medications/diazepam/",
            "Calming medicines",
            None,
        ),
        (
            lambda a: MedicationUse.objects.create(
                medication=a, indication=make_indication(name="Muscle spasm")
            ),
            "/medications/diazepam/",
            "Muscle spasm",
            None,
        ),
        (lambda a: a.uses.get().delete(), "/conditions/seizures/", None, "Diazepam"),
    ],
    ids=[
        "edit",
        "unpublish",
        "delete",
        "edit-use",
        "rename-condition",
        "rename-class",
        "add-use",
        "remove-use",
    ],
)
def test_any_content_change_shows_on_the_next_anonymous_visit(
    client, page_cache, catalogue, change, url, expected, gone
):
    warm(client)
    change(catalogue)
    html = client.get(url).content.decode()
    if expected:
        assert expected in html
    if gone:
        assert gone not in html


def _with(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def _save(obj, **values):
    _with(obj, **values).save()


@pytest.mark.django_db(transaction=True)
def test_publishing_a_draft_shows_it_everywhere_at_once(client, page_cache):
    seizures = make_indication(name="Seizures", slug="seizures")
    draft = make_article(title="Clobazam", slug="clobazam", status=Status.DRAFT, uses=[seizures])
    warm(client, ["/medications/", "/medications/clobazam/", "/conditions/seizures/"])
    assert client.get("/medications/clobazam/").status_code == 404

    draft.status = Status.PUBLISHED
    draft.save()

    assert "Clobazam" in get_html(client, "/medications/")
    assert "Clobazam" in get_html(client, "/conditions/seizures/")
    assert client.get("/medications/clobazam/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_admin_save_invalidates_before_the_response_returns(reviewer_client, page_cache):
    article = make_article(title="Diazepam", slug="diazepam", uses=[make_indication()])
    anonymous = Client()
    warm(anonymous, ["/medications/", "/medications/diazepam/"])

    response = reviewer_client.post(change_url(article), article_data(article, action="archive"))
    assert response.status_code == 302, errors(response)

    assert anonymous.get("/medications/diazepam/").status_code == 404
    assert "Diazepam" not in get_html(anonymous, "/medications/")


@pytest.mark.django_db(transaction=True)
def test_approving_pending_changes_shows_them_at_once(editor, reviewer, page_cache):
    live = make_article(slug="live", summary="Approved words.", uses=[make_indication()])
    anonymous = Client()
    warm(anonymous, ["/medications/live/"])
    staff = Client()
    login(staff, editor)
    staff.post(f"{change_url(live)[:-7]}edit-draft/")
    copy = MedicationArticle.objects.get(draft_of=live)
    response = staff.post(
        change_url(copy), article_data(copy, summary="Clearer new words.", action="submit")
    )
    assert response.status_code == 302, errors(response)
    assert "Approved words." in get_html(anonymous, "/medications/live/")

    copy.refresh_from_db()
    login(staff, reviewer)
    response = staff.post(
        change_url(copy), article_data(copy, action="publish", workflow_comment="Clearer.")
    )
    assert response.status_code == 302, errors(response)

    html = get_html(anonymous, "/medications/live/")
    assert "Clearer new words." in html and "Approved words." not in html


@pytest.mark.django_db(transaction=True)
def test_changing_the_clinic_details_updates_every_cached_page(client, page_cache):
    from medinfo.models import ClinicSettings

    make_article(slug="diazepam", uses=[make_indication(slug="seizures")])
    clinic = ClinicSettings.load()
    clinic.name = "Old Town Clinic"
    clinic.save()
    urls = ["/", "/medications/diazepam/", "/conditions/seizures/"]
    for url in urls:
        assert "Old Town Clinic" in get_html(client, url)

    clinic.name = "Riverside Health Centre"
    clinic.save()

    for url in urls:
        html = get_html(client, url)
        assert "Riverside Health Centre" in html and "Old Town Clinic" not in html


def test_a_deploy_that_migrates_starts_a_new_generation():
    """New templates or headers must not be hidden behind pages cached by the old release."""
    before = pagecache.current_state()
    call_command("migrate", verbosity=0)
    assert caches["default"].get(pagecache.STATE_KEY).generation != before.generation


def test_changes_in_one_transaction_start_one_new_generation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        condition = make_indication()
        make_article(uses=[condition, make_indication()])
    assert callbacks.count(pagecache.invalidate_all) == 1


def test_a_rolled_back_change_does_not_invalidate(client, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                make_indication()
                raise RuntimeError("editor cancelled")
        except RuntimeError:
            pass
    assert callbacks == []


def test_another_server_invalidating_is_seen_even_with_a_local_copy(client):
    """The local copy of a page is only used while the shared generation matches."""
    article = make_article(slug="diazepam", title="Diazepam", uses=[make_indication()])
    client.get("/medications/diazepam/")
    MedicationArticle.objects.filter(pk=article.pk).update(title="Changed elsewhere")
    assert "Changed elsewhere" not in get_html(client, "/medications/diazepam/")

    # What another server's invalidate_all() leaves in the shared cache:
    caches["default"].set(pagecache.STATE_KEY, pagecache.new_state(), timeout=None)

    assert "Changed elsewhere" in get_html(client, "/medications/diazepam/")


class FrozenClock:
    def __init__(self, monkeypatch, start: datetime.datetime):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


def test_a_scheduled_publication_appears_at_its_time_without_a_save(client, monkeypatch):
    clock = FrozenClock(monkeypatch, datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC))
    seizures = make_indication(name="Seizures", slug="seizures")
    make_article(
        title="Clobazam",
        slug="clobazam",
        uses=[seizures],
        published_at=clock.now + datetime.timedelta(minutes=5),
    )
    pagecache.invalidate_all()  # as after the (test-wrapped) save commits
    assert "Clobazam" not in get_html(client, "/conditions/seizures/")
    clock.advance(minutes=4, seconds=59)
    assert "Clobazam" not in get_html(client, "/conditions/seizures/")  # from the cache

    clock.advance(seconds=1)

    assert "Clobazam" in get_html(client, "/conditions/seizures/")
    assert "Clobazam" in get_html(client, "/medications/")


@pytest.mark.parametrize(
    ("field", "shown_before", "shown_after"),
    [("go_live_at", False, True), ("expires_at", True, False)],
)
def test_a_scheduled_go_live_or_expiry_shows_at_its_time_without_a_save(
    client, monkeypatch, field, shown_before, shown_after
):
    clock = FrozenClock(monkeypatch, datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC))
    seizures = make_indication(name="Seizures", slug="seizures")
    make_article(
        title="Clobazam",
        slug="clobazam",
        uses=[seizures],
        published_at=clock.now - datetime.timedelta(days=1),
        **{field: clock.now + datetime.timedelta(hours=2)},
    )
    pagecache.invalidate_all()
    for url in ("/medications/", "/conditions/seizures/"):
        assert ("Clobazam" in get_html(client, url)) is shown_before
    clock.advance(hours=1, minutes=59)
    assert ("Clobazam" in get_html(client, "/medications/")) is shown_before  # cached

    clock.advance(minutes=1)

    for url in ("/medications/", "/conditions/seizures/"):
        assert ("Clobazam" in get_html(client, url)) is shown_after


def test_a_staff_sign_in_does_not_empty_the_page_cache(client, django_user_model):
    user = django_user_model.objects.create_user("reviewer", password="a-long-test-password-1")
    before = pagecache.current_state()
    from django.contrib.auth.models import update_last_login

    update_last_login(None, user)
    assert caches["default"].get(pagecache.STATE_KEY) == before


def test_cached_pages_and_browsers_keep_a_page_no_longer_than_the_next_scheduled_change(
    client, monkeypatch
):
    clock = FrozenClock(monkeypatch, datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC))
    make_article(slug="soon", published_at=clock.now + datetime.timedelta(seconds=20))
    make_article(slug="diazepam", uses=[make_indication()])
    pagecache.invalidate_all()

    response = client.get("/medications/diazepam/")

    assert "max-age=20," in response["Cache-Control"]
    (key,) = stored_pages()
    assert caches["default"]._expire_info[key] <= clock.now.timestamp() + 20 + 1


def test_next_scheduled_change_reads_any_list_of_model_and_field_pairs():
    now = timezone.now()
    make_article(published_at=now + datetime.timedelta(hours=3))
    make_indication(published_at=now + datetime.timedelta(hours=2))
    make_article(published_at=now - datetime.timedelta(hours=1))

    assert pagecache.next_scheduled_change() == now + datetime.timedelta(hours=2)
    assert pagecache.next_scheduled_change(
        [(MedicationArticle, "published_at")], now=now
    ) == now + datetime.timedelta(hours=3)
    assert pagecache.next_scheduled_change([], now=now) is None


def test_the_content_models_and_schedules_are_registered():
    assert {MedicationArticle, Indication, MedicationUse, DrugClass} <= set(
        pagecache.content_models()
    )
    for model in (MedicationArticle, Indication):
        for field in ("published_at", "go_live_at", "expires_at"):
            assert (model, field) in pagecache.scheduled_fields()


# --- HTTP caching ----------------------------------------------------------------


def test_public_pages_carry_validators_and_short_revalidated_caching(client):
    make_article(slug="diazepam", uses=[make_indication()])
    response = client.get("/medications/diazepam/")
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"].endswith("GMT")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "must-revalidate" in cache_control
    assert "max-age=60" in cache_control
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept-Encoding", "Cookie"} <= vary


@pytest.mark.parametrize("page_cache_on", [True, False])
def test_a_repeat_visit_with_the_etag_gets_304(client, settings, page_cache_on):
    settings.PAGE_CACHE = page_cache_on
    make_article(slug="diazepam", uses=[make_indication()])
    etag = client.get("/medications/diazepam/")["ETag"]

    response = client.get("/medications/diazepam/", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_gets_304_and_a_changed_page_gets_200(client):
    article = make_article(slug="diazepam", uses=[make_indication()])
    first = client.get("/medications/diazepam/")
    assert (
        client.get(
            "/medications/diazepam/", headers={"If-Modified-Since": first["Last-Modified"]}
        ).status_code
        == 304
    )
    MedicationArticle.objects.filter(pk=article.pk).update(title="New title")
    pagecache.invalidate_all()
    changed = client.get("/medications/diazepam/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_html_is_gzipped_for_browsers_that_accept_it(client):
    make_article(slug="diazepam", title="Diazepam", uses=[make_indication()])
    plain = client.get("/medications/diazepam/")
    for _ in range(2):  # rendered, then from the cache
        zipped = client.get("/medications/diazepam/", headers={"Accept-Encoding": "gzip, br"})
        assert zipped["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.content) == plain.content
        assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    refused = client.get("/medications/diazepam/", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused


def test_head_requests_get_headers_from_the_cache(client):
    make_article(slug="diazepam", uses=[make_indication()])
    get = client.get("/medications/diazepam/")
    head = client.head("/medications/diazepam/")
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
