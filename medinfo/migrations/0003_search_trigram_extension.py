# pg_trgm gives search its tolerance of misspelt names on PostgreSQL.
# CreateExtension does nothing on other databases (SQLite uses medinfo.search's fallback).

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("medinfo", "0002_clinic_settings"),
    ]

    operations = [
        TrigramExtension(),
    ]
