import io

import pytest
from django.core.cache import cache
from django.core.management import call_command


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
        username="editor", email="editor@example.org", password="a-long-test-password-1"
    )
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def demo(db):
    """The demo content (diazepam, lorazepam and their conditions), as `make run` loads it."""
    call_command("load_demo_content", stdout=io.StringIO())
