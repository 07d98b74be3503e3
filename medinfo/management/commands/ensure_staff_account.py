import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a first staff account with a random password if no staff account exists. "
        "The password is printed once and never stored in plain text."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(is_staff=True, is_active=True).exists():
            self.stdout.write("A staff account already exists; none created.")
            return
        password = secrets.token_urlsafe(18)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "\nCreated staff account for the admin at /admin/\n"
                f"  username: {username}\n"
                f"  password: {password}\n"
                "This password is shown only once: write it down or change it now.\n"
            )
        )
