"""Helpers tests share: staff accounts and signing them in. Content builders are in factories.py."""

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
