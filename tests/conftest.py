import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

from .helpers import PASSWORD, login, make_user

# Modest example counts: the suite runs twice in CI on a 2-core machine.
hypothesis_settings.register_profile("default", max_examples=40, deadline=None)
hypothesis_settings.load_profile("default")


@pytest.fixture(autouse=True, scope="session")
def _test_overrides(tmp_path_factory):
    """Production settings that tests set aside (test_security.py covers the first two):

    - unhashed static URLs: the manifest only exists after collectstatic (the
      real-server test in test_server.py runs it and checks hashed files);
    - no redirect to HTTPS: the test client speaks plain HTTP;
    - a fast password hasher, as Django's testing docs advise (sign-in tests hash a lot).
    """
    from django.conf import settings

    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": storage},
        STATIC_ROOT=tmp_path_factory.mktemp("staticfiles"),
        SECURE_SSL_REDIRECT=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture
def page_cache(settings):
    """The page cache on, with nothing cached here or in this process's copies."""
    from medinfo import pagecache

    settings.PAGE_CACHE = True
    cache.clear()
    pagecache.forget_local_copies()
    # As a worker does on its first request: compare generations with the database
    # now, so the tests' query counts do not depend on which test ran first.
    pagecache.current_state()
    yield
    cache.clear()
    pagecache.forget_local_copies()


@pytest.fixture(autouse=True)
def _database_available():
    """Each test starts with the database thought available (no back-off from an earlier one)."""
    from clinic.database import forget_outages

    forget_outages()
    yield
    forget_outages()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Test transactions roll back without signals, so cached rows (the clinic
    # details) must not outlive the test that made them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password=PASSWORD
    )
    return login(client, user)


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "eddie", "Editors", last_name="Editor")


@pytest.fixture
def reviewer(django_user_model):
    return make_user(django_user_model, "rita", "Clinical reviewers", last_name="Reviewer")


@pytest.fixture
def second_reviewer(django_user_model):
    return make_user(django_user_model, "sam", "Clinical reviewers", last_name="Second")


@pytest.fixture
def editor_client(client, editor):
    return login(client, editor)


@pytest.fixture
def reviewer_client(client, reviewer):
    return login(client, reviewer)


@pytest.fixture
def demo(db):
    """The demo content (diazepam, lorazepam and their conditions), as `make run` loads it."""
    call_command("load_demo_content", stdout=io.StringIO())
