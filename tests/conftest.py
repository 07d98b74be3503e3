import pytest
from django.contrib.auth.models import Group

PASSWORD = "a-long-test-password-1"


def make_user(django_user_model, username: str, *groups: str, **extra):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        is_staff=True,
        first_name=extra.pop("first_name", username.title()),
        **extra,
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def login(client, user):
    client.force_login(user)
    client.user = user
    return client


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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The default hasher is deliberately slow; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
