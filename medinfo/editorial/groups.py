"""The two staff groups of the editorial workflow, kept present after every migrate or flush.

Migration 0005 creates them for an existing database; this post_migrate handler
puts them back whenever the schema is (re)built or flushed (as Django does for
permissions), so a fresh test database or a reset site always has them.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

# The group names, defined once: models, rules, migrations' data and tests use these.
EDITORS = "Editors"
CLINICAL_REVIEWERS = "Clinical reviewers"

EDITOR_PERMISSIONS = (
    "add_medicationarticle",
    "change_medicationarticle",
    "view_medicationarticle",
    "add_indication",
    "change_indication",
    "view_indication",
    "add_medicationuse",
    "change_medicationuse",
    "delete_medicationuse",
    "view_medicationuse",
    "add_drugclass",
    "change_drugclass",
    "view_drugclass",
    "view_workflowevent",
    # Patient feedback: read it, and mark comments handled.
    "view_pagefeedback",
    "change_pagefeedback",
)
REVIEWER_PERMISSIONS = (
    *EDITOR_PERMISSIONS,
    "publish_medicationarticle",
    "publish_indication",
    "publish_drugclass",
    "delete_medicationarticle",
    "delete_indication",
    "delete_drugclass",
)
WORKFLOW_GROUPS = {EDITORS: EDITOR_PERMISSIONS, CLINICAL_REVIEWERS: REVIEWER_PERMISSIONS}


def ensure_workflow_groups(sender, apps=global_apps, using="default", **kwargs) -> None:
    create_permissions(sender, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in WORKFLOW_GROUPS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        permissions = Permission.objects.using(using).filter(
            content_type__app_label="medinfo", codename__in=codenames
        )
        group.permissions.add(*permissions)


def is_clinical_reviewer(user) -> bool:
    """Membership, not permissions: only a clinician's review counts as a clinical review."""
    return user.groups.filter(name=CLINICAL_REVIEWERS).exists()
