"""Create the Editors and Clinical reviewers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
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
]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + [
    "publish_medicationarticle",
    "publish_indication",
    "delete_medicationarticle",
    "delete_indication",
    "delete_drugclass",
]
GROUPS = {"Editors": EDITOR_PERMISSIONS, "Clinical reviewers": REVIEWER_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="medinfo", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions not found for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("medinfo", "0004_workflow_and_governance"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
