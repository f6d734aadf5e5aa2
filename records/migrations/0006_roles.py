"""The four roles as groups (``records/roles.py``); ``post_migrate`` keeps them current."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from records import roles


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.create_roles(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[roles.EDITOR, roles.PUBLISHER, roles.AUDITOR, roles.DELEGATE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("records", "0005_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
