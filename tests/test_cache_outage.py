"""Never stale across a cache outage: the generation kept in the database (medinfo/pagecache/)."""

import pytest
from django.core.cache import caches

from medinfo import pagecache

from .factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def snapshot_of(cache) -> tuple[dict, dict]:
    return dict(cache._cache), dict(cache._expire_info)


def restore(cache, snapshot: tuple[dict, dict]) -> None:
    """The shared cache comes back from an older snapshot (or a lagging replica)."""
    cache._cache.clear()
    cache._cache.update(snapshot[0])
    cache._expire_info.clear()
    cache._expire_info.update(snapshot[1])


@pytest.mark.parametrize("reconnected", [True, False], ids=["checked", "control"])
def test_a_cache_back_with_an_older_generation_is_corrected_from_the_database(client, reconnected):
    article = make_article(slug="diazepam", title="Diazepam", summary="Before the change.")
    assert "Before the change." in get_html(client, "/medications/diazepam/")
    cache = caches["default"]
    saved = snapshot_of(cache)

    article.summary = "After the change."
    article.save()
    pagecache.invalidate_all()  # as when the save commits
    restore(cache, saved)
    pagecache.forget_local_copies()  # another worker, or this one after a restart
    if reconnected:
        pagecache.cache_connected()  # what the Redis backend calls on a new connection

    html = get_html(client, "/medications/diazepam/")
    if reconnected:
        assert "After the change." in html
    else:  # without the check, the old snapshot is served: what the check is for
        assert "Before the change." in html


def test_a_change_the_cache_could_not_take_is_reported_to_staff_and_checked_later(monkeypatch):
    from django.contrib.messages import get_messages
    from django.test import RequestFactory

    from medinfo.pagecache import middleware

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["default"], "set", unreachable)
    request = RequestFactory().post("/admin/")
    from django.contrib.messages.storage.fallback import FallbackStorage

    request.session = {}
    request._messages = FallbackStorage(request)
    token = middleware._current_request.set(request)
    try:
        make_article()
        pagecache.invalidate_all()  # as when the save commits
    finally:
        middleware._current_request.reset(token)

    told = [str(m) for m in get_messages(request)]
    assert len(told) == 1 and "could not be refreshed straight away" in told[0]
    assert "will show this change once it is back" in told[0]
    assert pagecache.generation.verification.needed
