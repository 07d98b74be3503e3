import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_first_staff_account_gets_a_random_password_printed_once():
    output = run("ensure_staff_account")
    password = re.search(r"password: (\S+)", output).group(1)
    user = get_user_model().objects.get(username="admin")
    assert user.is_staff and user.is_superuser
    assert len(password) >= 20
    assert user.check_password(password)

    second = run("ensure_staff_account")
    assert "password" not in second.split("already exists")[-1]
    assert get_user_model().objects.count() == 1


def test_two_fresh_sites_get_different_passwords():
    first = re.search(r"password: (\S+)", run("ensure_staff_account")).group(1)
    get_user_model().objects.all().delete()
    second = re.search(r"password: (\S+)", run("ensure_staff_account")).group(1)
    assert first != second
