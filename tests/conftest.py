import pytest


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="a-long-test-password-1"
    )
    client.force_login(user)
    client.user = user
    return client
